# p=0 인 항에서 0·log 0 = NaN / 0·log 0 = NaN for terms with p=0
def kl_divergence(p, q, base=2):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    return np.sum(p * np.log(p / q), axis=-1) / np.log(base)
