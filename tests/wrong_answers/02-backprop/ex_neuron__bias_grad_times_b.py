# b의 기울기에 1 대신 b를 곱함 (b=1일 때만 맞음) / Multiplies the bias gradient by b instead of 1 (right only when b=1)
def neuron_forward_backward(x, w, b, t):
    y = w * x + b
    E = 0.5 * (y - t) ** 2
    dy = y - t
    return y, E, {"x": dy * w, "w": dy * x, "b": dy * b}
