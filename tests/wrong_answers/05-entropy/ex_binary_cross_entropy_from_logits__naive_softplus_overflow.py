# ln(1 + e^z)를 그대로 계산: z = 1000에서 e^z가 넘침 / Computes ln(1 + e^z) literally: e^z overflows at z = 1000
def binary_cross_entropy_from_logits(z, t):
    z = np.asarray(z, dtype=float)
    return float(np.mean(np.log(1 + np.exp(z)) - t * z))
