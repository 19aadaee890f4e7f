# 오차의 부호를 반대로 씀 (t - y) / Error with the wrong sign (t - y)
def neuron_forward_backward(x, w, b, t):
    y = w * x + b
    E = 0.5 * (t - y) ** 2
    dy = t - y
    return y, E, {"x": dy * w, "w": dy * x, "b": dy}
