# 샘플마다 더하기 / summing sample by sample
def linear_regression_grads(x, t, params):
    """선형 회귀 오차의 기울기 / Gradients of the linear regression error."""
    W, b = params["W"], params["b"]
    dW, db = np.zeros(np.shape(W)), np.zeros(np.shape(b))
    n = len(x)
    for xn, tn in zip(np.asarray(x, dtype=float), np.asarray(t, dtype=float)):
        err = xn @ W + b - tn
        dW += np.outer(xn, err) / n
        db += err / n
    return {"W": dW, "b": db}
