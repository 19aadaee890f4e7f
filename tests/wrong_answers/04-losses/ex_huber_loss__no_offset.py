# 직선 조각에 상수항이 없음: delta*|e| (값이 끊김) / No constant in the straight piece: delta*|e| (a jump in value)
def huber_loss(y, t, delta=1.0):
    e = np.abs(np.asarray(y, dtype=float) - np.asarray(t, dtype=float))
    return np.mean(np.where(e <= delta, 0.5 * e ** 2, delta * e))
