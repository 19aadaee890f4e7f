# 축 없이 전부 더함 (분포 하나에만 맞음) / Sums everything (right for one distribution only)
def cross_entropy(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return -np.sum(p * np.log(np.where(p > 0, q, 1.0))) / np.log(base)
