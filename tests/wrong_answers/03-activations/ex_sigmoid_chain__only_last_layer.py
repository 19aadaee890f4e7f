# 마지막 층의 도함수만 곱함 / Uses only the last layer's derivative
def sigmoid_chain(x, num_layers):
    y = np.array(x, dtype=float)
    for _ in range(num_layers):
        y = sigmoid(y)
    if num_layers == 0:
        return y, np.ones_like(y)
    return y, y * (1.0 - y)
