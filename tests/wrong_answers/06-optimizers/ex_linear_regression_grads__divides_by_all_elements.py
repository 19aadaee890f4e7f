# N 대신 원소 수 N·m으로 나눔 (출력이 하나일 때만 맞음) / Divides by N*m instead of N (right only for one output)
def linear_regression_grads(x, t, params):
    error = x @ params["W"] + params["b"] - t
    return {"W": x.T @ error / error.size, "b": error.sum(axis=0) / error.size}
