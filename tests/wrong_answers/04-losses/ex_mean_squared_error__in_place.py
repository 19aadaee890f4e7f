# 입력 배열을 제자리에서 바꿈 / Modifies the input array in place
def mean_squared_error(y, t):
    y -= t
    return np.mean(y ** 2)
