# 평균 대신 합 / The sum instead of the mean
def huber_loss(y, t, delta=1.0):
    e = np.abs(np.asarray(y, dtype=float) - np.asarray(t, dtype=float))
    return np.sum(np.where(e <= delta, 0.5 * e ** 2, delta * (e - 0.5 * delta)))
