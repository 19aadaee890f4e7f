# 편향을 빠뜨림 / Forgot the bias
def perceptron(x, w, b):
    return step_function(np.asarray(x) @ np.asarray(w))
