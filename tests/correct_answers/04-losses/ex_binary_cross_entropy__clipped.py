# δ를 더하는 대신 확률을 잘라 냄 / clipping the probabilities instead of adding δ
def binary_cross_entropy(y, t):
    """이진 교차 엔트로피 / Binary cross-entropy."""
    y = np.clip(np.asarray(y, dtype=float), 1e-7, 1 - 1e-7)
    t = np.asarray(t, dtype=float)
    return float(np.mean(-(t * np.log(y) + (1 - t) * np.log(1 - y))))
