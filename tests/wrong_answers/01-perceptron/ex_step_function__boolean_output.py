# 정수 대신 불리언을 돌려줌 / Returns booleans instead of integers
def step_function(a):
    return np.asarray(a) > 0
