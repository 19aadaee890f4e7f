# 다른 관례(제곱합의 ½)를 씀 / Uses the other convention (half the sum of squares)
def mean_squared_error(y, t):
    return 0.5 * np.sum((np.asarray(y, dtype=float) - np.asarray(t, dtype=float)) ** 2)
