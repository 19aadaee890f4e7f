# 0·log 0 을 처리하지 않아 NaN / 0·log 0 not handled, gives NaN
def entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    return -np.sum(p * np.log(p), axis=-1) / np.log(base)
