# 받은 x0 배열을 제자리에서 바꿈 / Changes the given x0 array in place
def gradient_descent(grad, x0, lr, num_steps):
    x = np.asarray(x0, dtype=float)
    path = [x.copy()]
    for _ in range(num_steps):
        x -= lr * grad(x)
        path.append(x.copy())
    return np.array(path)
