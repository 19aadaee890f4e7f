# 제곱근을 평균 안에서 씌움 (사실상 MAE) / Square root inside the mean (that is MAE)
def root_mean_squared_error(y, t):
    return np.mean(np.sqrt((np.asarray(y, dtype=float) - np.asarray(t, dtype=float)) ** 2))
