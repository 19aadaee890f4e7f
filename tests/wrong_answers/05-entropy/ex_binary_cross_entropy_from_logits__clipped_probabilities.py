# 4장의 delta 방식: 손실이 -ln(1e-7) ≈ 16.1에서 멈춤 / The delta trick of chapter 4: the loss gets stuck at -ln(1e-7) ≈ 16.1
def binary_cross_entropy_from_logits(z, t):
    delta = 1e-7
    y = sigmoid(z)
    t = np.asarray(t, dtype=float)
    return float(-np.mean(t * np.log(y + delta) + (1 - t) * np.log(1 - y + delta)))
