# 축 없이 전체를 더함 (벡터 하나에서만 맞음) / Sums over everything (right for a single vector only)
def softmax(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x))
    return e / np.sum(e)
