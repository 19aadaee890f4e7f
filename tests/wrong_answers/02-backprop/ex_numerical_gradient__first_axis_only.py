# x[i]로만 인덱싱해 1차원 배열에서만 동작 / Indexes with x[i], so it works for 1-D arrays only
def numerical_gradient(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for i in range(x.size):
        original = x[i].copy()
        x[i] = original + h
        f_plus = f(x)
        x[i] = original - h
        f_minus = f(x)
        x[i] = original
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad
