# 부호 반대: (y - t) / Wrong sign: (y - t)
def perceptron_update(w, b, x, t, lr):
    error = perceptron(x, w, b) - t
    return w + lr * error * np.asarray(x), b + lr * error
