# 델타 없음: y가 0이나 1이면 inf 또는 nan / No delta: inf or nan when y is 0 or 1
def binary_cross_entropy(y, t):
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    return -np.mean(t * np.log(y) + (1 - t) * np.log(1 - y))
