# 샘플 수 N으로 나누지 않음 (합) / Forgets to divide by N (a sum, not a mean)
def linear_regression_grads(x, t, params):
    error = x @ params["W"] + params["b"] - t
    return {"W": x.T @ error, "b": error.sum(axis=0)}
