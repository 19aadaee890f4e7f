# 복사본의 평평한 뷰로 / through a flat view of a copy
def numerical_gradient(f, x, h=1e-4):
    """중앙 차분으로 구한 기울기 / The gradient by central differences."""
    x = np.array(x, dtype=float)
    flat = x.reshape(-1)
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + h
        up = f(x)
        flat[i] = keep - h
        down = f(x)
        flat[i] = keep
        grad[i] = (up - down) / (2 * h)
    return grad.reshape(x.shape)
