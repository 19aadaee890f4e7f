# 상한 0.25ⁿ을 기울기로 돌려줌 / Returns the bound 0.25ⁿ as the gradient
def sigmoid_chain(x, num_layers):
    y = np.array(x, dtype=float)
    for _ in range(num_layers):
        y = sigmoid(y)
    return y, np.full_like(y, 0.25 ** num_layers)
