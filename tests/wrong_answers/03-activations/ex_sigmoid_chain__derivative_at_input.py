# 모든 층의 도함수를 처음 입력에서 계산 / Evaluates every layer's derivative at the original input
def sigmoid_chain(x, num_layers):
    x = np.array(x, dtype=float)
    s = sigmoid(x)
    y = x
    for _ in range(num_layers):
        y = sigmoid(y)
    return y, (s * (1.0 - s)) ** num_layers
