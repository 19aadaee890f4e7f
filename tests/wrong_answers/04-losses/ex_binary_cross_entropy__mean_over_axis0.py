# 첫 축으로만 평균 (2차원이면 배열이 나옴) / Mean over the first axis only (an array for 2-D input)
def binary_cross_entropy(y, t):
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    return -np.mean(t * np.log(y + 1e-7) + (1 - t) * np.log(1 - y + 1e-7), axis=0)
