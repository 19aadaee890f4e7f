# 기울기를 직접 계산 / the gradients computed inline
def train_neuron(x, t, w, b, lr=0.1, num_epochs=200, tol=1e-4):
    """뉴런 하나를 경사 하강법으로 학습 / Train one neuron by gradient descent."""
    losses = []
    for _ in range(num_epochs):
        e = w * x + b - t
        losses.append(0.5 * e * e)
        if losses[-1] < tol:
            break
        w, b = w - lr * e * x, b - lr * e
    return w, b, losses
