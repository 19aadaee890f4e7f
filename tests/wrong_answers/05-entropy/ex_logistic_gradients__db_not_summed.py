# db를 샘플마다의 벡터로 돌려줌 / Returns db as a per-sample vector
def logistic_gradients(X, t, w, b):
    X = np.asarray(X, dtype=float)
    error = (sigmoid(X @ w + b) - t) / X.shape[0]
    return X.T @ error, error
