# 도함수를 곱하지 않고 더함 / Adds the derivatives instead of multiplying them
def sigmoid_chain(x, num_layers):
    y = np.array(x, dtype=float)
    grad = np.zeros_like(y) if num_layers else np.ones_like(y)
    for _ in range(num_layers):
        y = sigmoid(y)
        grad = grad + y * (1.0 - y)
    return y, grad
