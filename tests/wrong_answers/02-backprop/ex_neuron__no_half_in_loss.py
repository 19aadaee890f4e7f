# 손실에서 1/2을 빠뜨림 / Forgot the 1/2 in the loss
def neuron_forward_backward(x, w, b, t):
    y = w * x + b
    E = (y - t) ** 2
    dy = y - t
    return y, E, {"x": dy * w, "w": dy * x, "b": dy}
