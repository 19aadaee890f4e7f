# 행 수로만 나눔 (1차원에서만 맞음) / Divides by the number of rows only (right for 1-D only)
def mean_absolute_error(y, t):
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    return np.sum(np.abs(y - t)) / len(y)
