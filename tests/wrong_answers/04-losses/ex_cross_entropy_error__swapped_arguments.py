# 원-핫에서 예측과 정답을 바꿔 씀 / Prediction and target swapped for one-hot targets
def cross_entropy_error(y, t):
    delta = 1e-7
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if y.ndim == 1:
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
        y = y.reshape(1, -1)
    batch_size = y.shape[0]
    if t.size == y.size:
        return -np.sum(y * np.log(t + delta)) / batch_size
    return -np.sum(np.log(y[np.arange(batch_size), t] + delta)) / batch_size
