# p와 q를 바꿈: -Σ q log p / Arguments swapped: -Σ q log p
def cross_entropy(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return -np.sum(q * np.log(np.where(q > 0, p, 1.0)), axis=-1) / np.log(base)
