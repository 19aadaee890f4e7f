# 부호 반대: t - y / Wrong sign: t - y
def linear_regression_grads(x, t, params):
    error = (t - (x @ params["W"] + params["b"])) / len(x)
    return {"W": x.T @ error, "b": error.sum(axis=0)}
