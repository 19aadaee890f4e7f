# 갱신한 뒤에 오류를 셈 / Counts mistakes after the update
def train_perceptron(X, t, lr=0.1, num_epochs=20):
    w, b = np.zeros(2), 0.0
    errors = []
    for _ in range(num_epochs):
        mistakes = 0
        for x_i, t_i in zip(X, t):
            w, b = perceptron_update(w, b, x_i, t_i, lr)
            mistakes += int(perceptron(x_i, w, b) != t_i)
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors
