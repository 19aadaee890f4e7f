# 밑을 무시하고 항상 비트 / Ignores the base, always bits
def entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    safe = np.where(p > 0, p, 1.0)
    return -np.sum(p * np.log2(safe), axis=-1)
