# 합의 제곱근을 n으로 나눔 / Square root of the sum, then divided by n
def root_mean_squared_error(y, t):
    diff = np.asarray(y, dtype=float) - np.asarray(t, dtype=float)
    return np.sqrt(np.sum(diff ** 2)) / diff.size
