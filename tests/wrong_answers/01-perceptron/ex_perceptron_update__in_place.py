# w를 제자리에서 바꿈 / Updates w in place
def perceptron_update(w, b, x, t, lr):
    error = t - perceptron(x, w, b)
    w += lr * error * np.asarray(x)
    return w, b + lr * error
