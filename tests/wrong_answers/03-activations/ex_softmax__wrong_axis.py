# 마지막 축 대신 첫 축을 따라 계산 / Works along the first axis instead of the last
def softmax(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
