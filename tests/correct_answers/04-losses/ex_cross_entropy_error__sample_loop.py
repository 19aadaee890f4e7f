# 샘플마다 반복 / a loop over the samples
def cross_entropy_error(y, t):
    """범주형 교차 엔트로피 (배치 평균) / Categorical cross-entropy (batch mean)."""
    delta = 1e-7
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    one_hot_targets = t.size == y.size
    if y.ndim == 1:
        y = y[np.newaxis, :]
        t = t.reshape(1, -1) if one_hot_targets else t.reshape(1)
    total = 0.0
    for n in range(y.shape[0]):
        if one_hot_targets:
            total -= float(np.dot(t[n], np.log(y[n] + delta)))
        else:
            total -= float(np.log(y[n, int(t[n])] + delta))
    return total / y.shape[0]
