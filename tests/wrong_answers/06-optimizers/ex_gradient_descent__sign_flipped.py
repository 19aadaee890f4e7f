# 기울기를 더함 (경사 상승) / Adds the gradient (gradient ascent)
def gradient_descent(grad, x0, lr, num_steps):
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(num_steps):
        x = x + lr * grad(x)
        path.append(x.copy())
    return np.array(path)
