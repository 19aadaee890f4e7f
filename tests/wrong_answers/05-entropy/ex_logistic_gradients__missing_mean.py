# 1/N 빠뜨림 / Missing 1/N
def logistic_gradients(X, t, w, b):
    X = np.asarray(X, dtype=float)
    error = sigmoid(X @ w + b) - t
    return X.T @ error, float(np.sum(error))
