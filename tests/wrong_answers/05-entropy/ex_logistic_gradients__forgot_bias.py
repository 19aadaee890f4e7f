# 순전파에서 편향을 빠뜨림 / Forgot the bias in the forward pass
def logistic_gradients(X, t, w, b):
    X = np.asarray(X, dtype=float)
    error = (sigmoid(X @ w) - t) / X.shape[0]
    return X.T @ error, float(np.sum(error))
