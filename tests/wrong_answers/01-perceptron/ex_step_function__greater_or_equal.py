# 0에서 1을 냄 (>= 사용) / Outputs 1 at 0 (uses >=)
def step_function(a):
    return (np.asarray(a) >= 0).astype(int)
