# (1 - t) log(1 - y) 항을 빠뜨림 / Forgot the (1 - t) log(1 - y) term
def binary_cross_entropy(y, t):
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    return -np.mean(t * np.log(y + 1e-7))
