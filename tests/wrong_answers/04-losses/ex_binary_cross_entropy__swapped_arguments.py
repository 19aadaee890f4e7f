# 예측과 정답을 바꿔 씀 (정답을 y로 쓰는 자료의 표기) / Prediction and target swapped (notation with y as the target)
def binary_cross_entropy(y, t):
    y, t = np.asarray(y, dtype=float), np.asarray(t, dtype=float)
    return -np.mean(y * np.log(t + 1e-7) + (1 - y) * np.log(1 - t + 1e-7))
