# 기울기를 np.ones(len(x))로 시작해 1차원 입력에서만 동작 / Starts the gradient as np.ones(len(x)), so only 1-D inputs work
def sigmoid_chain(x, num_layers):
    y = np.array(x, dtype=float)
    grad = np.ones(len(y))
    for _ in range(num_layers):
        y = sigmoid(y)
        grad = grad * y * (1.0 - y)
    return y, grad
