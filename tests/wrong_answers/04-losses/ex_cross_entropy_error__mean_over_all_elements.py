# 클래스 수까지 곱한 N*C로 나눔 / Divides by N*C (every element) instead of N
def cross_entropy_error(y, t):
    delta = 1e-7
    y = np.asarray(y, dtype=float)
    t = np.asarray(t)
    if t.size != y.size:
        t = np.eye(y.shape[-1])[t]
    return -np.mean(t * np.log(y + delta))
