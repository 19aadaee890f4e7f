# 부호 반대: (t - y) / Wrong sign: (t - y)
def logistic_gradients(X, t, w, b):
    X = np.asarray(X, dtype=float)
    error = (t - sigmoid(X @ w + b)) / X.shape[0]
    return X.T @ error, float(np.sum(error))
