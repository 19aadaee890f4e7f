# 입력 y를 제자리에서 바꿈 (y -= t) / Changes the input y in place (y -= t)
def huber_loss(y, t, delta=1.0):
    y -= t
    e = np.abs(y)
    return np.mean(np.where(e <= delta, 0.5 * e ** 2, delta * (e - 0.5 * delta)))
