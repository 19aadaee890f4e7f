# 시그모이드로 확률을 만든 뒤 로그: 큰 로짓에서 log 0 → inf/NaN / Goes through the sigmoid then the log: log 0 -> inf/NaN for large logits
def binary_cross_entropy_from_logits(z, t):
    y = sigmoid(z)
    t = np.asarray(t, dtype=float)
    return float(-np.mean(t * np.log(y) + (1 - t) * np.log(1 - y)))
