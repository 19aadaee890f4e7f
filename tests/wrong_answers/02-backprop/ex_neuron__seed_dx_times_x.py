# 노트의 실수: x의 기울기에 x를 곱함 (xb = yb*x) / The notes' mistake: multiplies the gradient of x by x (xb = yb*x)
def neuron_forward_backward(x, w, b, t):
    y = w * x + b
    E = 0.5 * (y - t) ** 2
    dy = y - t
    return y, E, {"x": dy * x, "w": dy * x, "b": dy}
