# 밑을 무시하고 항상 자연로그 / Ignores the base, always natural log
def cross_entropy(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return -np.sum(p * np.log(np.where(p > 0, q, 1.0)), axis=-1)
