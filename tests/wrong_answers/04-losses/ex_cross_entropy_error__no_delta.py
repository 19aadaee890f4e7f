# 델타 없음: 확률 0에서 inf 또는 nan / No delta: inf or nan at probability 0
def cross_entropy_error(y, t):
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
        y = y.reshape(1, -1)
    batch_size = y.shape[0]
    if t.size == y.size:
        return -np.sum(t * np.log(y)) / batch_size
    return -np.sum(np.log(y[np.arange(batch_size), t])) / batch_size
