# 행마다가 아니라 배열 전체의 최댓값을 뺌 / Subtracts the maximum of the whole array, not of each row
def softmax(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=-1, keepdims=True)
