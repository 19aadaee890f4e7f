# 노트처럼 기울기가 작아지면 멈춤: 궤적 길이가 num_steps+1이 아님 / Stops when the gradient is small, as a seed note does: wrong length
def gradient_descent(grad, x0, lr, num_steps):
    x = np.array(x0, dtype=float)
    path = [x.copy()]
    for _ in range(num_steps):
        g = np.asarray(grad(x), dtype=float)
        if np.all(np.abs(g) < 1e-4):
            break
        x = x - lr * g
        path.append(x.copy())
    return np.array(path)
