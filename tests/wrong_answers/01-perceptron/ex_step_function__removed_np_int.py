# 흔한 실수: NumPy 1.24에서 제거된 np.int 사용 / Common mistake: np.int, removed in NumPy 1.24
def step_function(a):
    return np.array(a > 0, dtype=np.int)
