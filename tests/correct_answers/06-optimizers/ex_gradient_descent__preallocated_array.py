# 미리 만든 배열에 채우기 / filling a preallocated array
def gradient_descent(grad, x0, lr, num_steps):
    """경사 하강법으로 움직인 위치들 / The positions visited by gradient descent."""
    x = np.asarray(x0, dtype=np.float64)
    path = np.empty((num_steps + 1,) + x.shape)
    path[0] = x
    for k in range(num_steps):
        path[k + 1] = path[k] - lr * np.asarray(grad(path[k].copy()))
    return path
