# 중앙 차분 대신 전방 차분 / Forward difference instead of central difference
def numerical_gradient(f, x, h=1e-4):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = original
    return grad
