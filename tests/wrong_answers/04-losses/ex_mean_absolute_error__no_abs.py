# 절댓값을 빠뜨려 부호가 지워짐 / Forgot the absolute value, so signs cancel
def mean_absolute_error(y, t):
    return np.mean(np.asarray(y, dtype=float) - np.asarray(t, dtype=float))
