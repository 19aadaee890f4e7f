# 평균의 절댓값 / The absolute value of the mean
def mean_absolute_error(y, t):
    return np.abs(np.mean(np.asarray(y, dtype=float) - np.asarray(t, dtype=float)))
