# 제자리 갱신과 while 반복 / in-place updates and a while loop
def train_logistic_regression(X, t, lr=0.1, num_epochs=1000):
    """경사 하강법으로 로지스틱 회귀 학습 / Train logistic regression by gradient descent."""
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    loss_history = []
    epoch = 0
    while epoch < num_epochs:
        z = X @ w + b
        loss_history.append(float(np.mean(np.logaddexp(0.0, z) - np.asarray(t) * z)))
        dw, db = logistic_gradients(X, t, w, b)
        w -= lr * dw
        b -= lr * db
        epoch += 1
    return w, b, loss_history
