# 편향을 갱신하지 않음 / Bias not updated
def perceptron_update(w, b, x, t, lr):
    error = t - perceptron(x, w, b)
    return w + lr * error * np.asarray(x), b
