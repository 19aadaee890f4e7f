# 자연로그 대신 log2 (비트 단위) / log2 (bits) instead of the natural log
def binary_cross_entropy(y, t):
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    return -np.mean(t * np.log2(y + 1e-7) + (1 - t) * np.log2(1 - y + 1e-7))
