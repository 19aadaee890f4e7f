# 편향까지 벌점에 넣음 / the biases are penalised too
def l2_penalty(params, weight_decay):
    """L2 벌점 / The L2 penalty."""
    return 0.5 * weight_decay * sum(float(np.sum(value ** 2)) for value in params.values())


def l2_grads(params, grads, weight_decay):
    """L2 벌점을 더한 기울기 / Gradients with the L2 penalty added."""
    return {key: grad + weight_decay * params[key] for key, grad in grads.items()}
