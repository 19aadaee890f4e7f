# scipy.special.xlogy: 0·log 0 = 0 / xlogy handles 0·log 0 = 0
def cross_entropy(p, q, base=2):
    """교차 엔트로피 / Cross-entropy over the last axis."""
    from scipy.special import xlogy
    with np.errstate(divide="ignore"):
        return -np.sum(xlogy(np.asarray(p, dtype=float), np.asarray(q, dtype=float)), axis=-1) / np.log(base)
