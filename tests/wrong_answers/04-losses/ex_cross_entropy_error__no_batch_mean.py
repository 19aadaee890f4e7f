# 흔한 실수: 배치 크기로 나누지 않음 (자료의 식) / Common mistake: no division by the batch size (as in the notes)
def cross_entropy_error(y, t):
    delta = 1e-7
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
        y = y.reshape(1, -1)
    if t.size == y.size:
        return -np.sum(t * np.log(y + delta))
    return -np.sum(np.log(y[np.arange(y.shape[0]), t] + delta))
