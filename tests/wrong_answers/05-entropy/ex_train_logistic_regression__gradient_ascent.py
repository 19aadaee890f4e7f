# 기울기 방향으로 올라감 (경사 상승) / Moves along the gradient (gradient ascent)
def train_logistic_regression(X, t, lr=0.1, num_epochs=1000):
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    loss_history = []
    for _ in range(num_epochs):
        loss_history.append(binary_cross_entropy_from_logits(X @ w + b, t))
        dw, db = logistic_gradients(X, t, w, b)
        w = w + lr * dw
        b = b + lr * db
    return w, b, loss_history
