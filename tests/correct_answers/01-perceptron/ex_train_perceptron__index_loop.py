# 인덱스로 반복, 틀린 샘플에서만 갱신 / an index loop, updating only on mistakes
def train_perceptron(X, t, lr=0.1, num_epochs=20):
    """퍼셉트론 학습 규칙으로 학습 / Train with the perceptron learning rule."""
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(2), 0.0
    errors = []
    for _ in range(num_epochs):
        wrong = 0
        for i in range(len(X)):
            y = 1 if X[i, 0] * w[0] + X[i, 1] * w[1] + b > 0 else 0
            if y != t[i]:
                wrong += 1
                w = w + lr * (t[i] - y) * X[i]
                b = b + lr * (t[i] - y)
        errors.append(wrong)
        if wrong == 0:
            break
    return w, b, errors
