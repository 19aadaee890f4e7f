# 오차 e = y - t 를 먼저 / the error e = y - t first
def neuron_forward_backward(x, w, b, t):
    """뉴런 하나의 순전파와 역전파 / Forward and backward pass of one neuron."""
    y = x * w + b
    e = y - t
    return y, e * e / 2, {"w": e * x, "b": e, "x": e * w}
