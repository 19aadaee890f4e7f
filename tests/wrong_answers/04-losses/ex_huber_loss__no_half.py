# 제곱 조각에 1/2이 없음 / No 1/2 on the square piece
def huber_loss(y, t, delta=1.0):
    e = np.abs(np.asarray(y, dtype=float) - np.asarray(t, dtype=float))
    return np.mean(np.where(e <= delta, e ** 2, delta * (e - 0.5 * delta)))
