# 제곱근을 빠뜨림 / Forgot the square root
def root_mean_squared_error(y, t):
    return mean_squared_error(y, t)
