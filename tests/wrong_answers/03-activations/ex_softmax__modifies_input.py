# 입력 x에서 최댓값을 제자리에서 뺌 / Subtracts the maximum from the input x in place
def softmax(x):
    x -= np.max(x, axis=-1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)
