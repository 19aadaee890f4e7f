# 바꾼 원소를 되돌리지 않음 (x가 바뀐 채로 남음) / Never puts the element back (x is left changed)
def numerical_gradient(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        original = x[idx]
        x[idx] = original + h
        f_plus = f(x)
        x[idx] = original - h
        f_minus = f(x)
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
