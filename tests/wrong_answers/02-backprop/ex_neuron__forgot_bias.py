# 순전파에서 편향을 빠뜨림 / Forgot the bias in the forward pass
def neuron_forward_backward(x, w, b, t):
    y = w * x
    E = 0.5 * (y - t) ** 2
    dy = y - t
    return y, E, {"x": dy * w, "w": dy * x, "b": dy}
