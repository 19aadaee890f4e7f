# 소프트플러스의 부호가 틀림: ln(1 + e^-z) - t z / Wrong sign inside the softplus: ln(1 + e^-z) - t z
def binary_cross_entropy_from_logits(z, t):
    z = np.asarray(z, dtype=float)
    return float(np.mean(np.logaddexp(0.0, -z) - t * z))
