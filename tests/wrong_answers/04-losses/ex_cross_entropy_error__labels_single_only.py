# 레이블 정답을 샘플 하나에서만 처리 (y[t]) / Label targets handled for one sample only (y[t])
def cross_entropy_error(y, t):
    delta = 1e-7
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if t.size == y.size:
        batch_size = 1 if y.ndim == 1 else y.shape[0]
        return -np.sum(t * np.log(y + delta)) / batch_size
    return -np.mean(np.log(y[t] + delta))
