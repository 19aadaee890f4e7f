# p=0, q=0 인 항에서 0·log 0 = NaN / 0·log 0 = NaN for terms with p=0 and q=0
def cross_entropy(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return -np.sum(p * np.log(q), axis=-1) / np.log(base)
