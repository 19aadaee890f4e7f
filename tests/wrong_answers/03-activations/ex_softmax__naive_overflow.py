# 최댓값을 빼지 않아 큰 입력에서 넘침 / Does not subtract the maximum, so large inputs overflow
def softmax(x):
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)
