# b의 기울기를 모든 원소의 평균 하나로 계산 (축을 빠뜨림) / The gradient of b averaged over every element (missing axis)
def linear_regression_grads(x, t, params):
    error = x @ params["W"] + params["b"] - t
    return {"W": x.T @ error / len(x), "b": np.mean(error)}
