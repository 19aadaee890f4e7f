# 편향을 갱신하지 않음 / Never updates the bias
def train_logistic_regression(X, t, lr=0.1, num_epochs=1000):
    X = np.asarray(X, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    loss_history = []
    for _ in range(num_epochs):
        loss_history.append(binary_cross_entropy_from_logits(X @ w + b, t))
        dw, db = logistic_gradients(X, t, w, b)
        w = w - lr * dw
    return w, b, loss_history
