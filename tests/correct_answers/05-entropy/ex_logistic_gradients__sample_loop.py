# 샘플마다 더하기 / summing sample by sample
def logistic_gradients(X, t, w, b):
    """BCE의 기울기 (dw, db) / Gradients of the BCE."""
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    dw, db = np.zeros(X.shape[1]), 0.0
    for xi, ti in zip(X, np.asarray(t, dtype=float)):
        yi = 1.0 / (1.0 + np.exp(-(xi @ w + b)))
        dw += (yi - ti) * xi / n
        db += (yi - ti) / n
    return dw, db
