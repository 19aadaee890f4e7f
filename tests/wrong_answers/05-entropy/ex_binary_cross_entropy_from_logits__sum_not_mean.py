# 1/N 빠뜨림: 평균 대신 합 / Missing 1/N: sum instead of mean
def binary_cross_entropy_from_logits(z, t):
    z = np.asarray(z, dtype=float)
    return float(np.sum(np.logaddexp(0.0, z) - t * z))
