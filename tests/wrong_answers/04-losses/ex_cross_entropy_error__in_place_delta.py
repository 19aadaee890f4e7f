# 델타를 입력 배열에 제자리로 더함 / Adds delta to the input array in place
def cross_entropy_error(y, t):
    y += 1e-7
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
        y = y.reshape(1, -1)
    batch_size = y.shape[0]
    if t.size == y.size:
        return -np.sum(t * np.log(y)) / batch_size
    return -np.sum(np.log(y[np.arange(batch_size), t])) / batch_size
