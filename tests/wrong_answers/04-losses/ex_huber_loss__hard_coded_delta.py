# delta 인자를 무시하고 1로 고정 / Ignores the delta argument and uses 1
def huber_loss(y, t, delta=1.0):
    e = np.abs(np.asarray(y, dtype=float) - np.asarray(t, dtype=float))
    return np.mean(np.where(e <= 1.0, 0.5 * e ** 2, e - 0.5))
