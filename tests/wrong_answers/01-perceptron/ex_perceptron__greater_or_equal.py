# 경계에서 1을 냄 / Fires on the boundary
def perceptron(x, w, b):
    return (np.asarray(x) @ np.asarray(w) + b >= 0).astype(int)
