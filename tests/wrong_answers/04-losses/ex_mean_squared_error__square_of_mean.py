# 평균을 먼저 내고 제곱함 / Squares the mean error instead of averaging the squares
def mean_squared_error(y, t):
    return np.mean(np.asarray(y, dtype=float) - np.asarray(t, dtype=float)) ** 2
