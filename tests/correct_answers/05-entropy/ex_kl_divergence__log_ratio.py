# 로그 비 하나로 / one log ratio
def kl_divergence(p, q, base=2):
    """KL 발산 D(p||q) / The KL divergence."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0) / q), 0.0)
    return np.sum(terms, axis=-1) / np.log(base)
