# 오류가 0이어도 멈추지 않음 / Never stops early
def train_perceptron(X, t, lr=0.1, num_epochs=20):
    w, b = np.zeros(2), 0.0
    errors = []
    for _ in range(num_epochs):
        mistakes = 0
        for x_i, t_i in zip(X, t):
            mistakes += int(perceptron(x_i, w, b) != t_i)
            w, b = perceptron_update(w, b, x_i, t_i, lr)
        errors.append(mistakes)
    return w, b, errors
