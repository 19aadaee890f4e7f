# 0을 1로 바꿀 때 입력 배열을 제자리에서 바꿈 / Replaces zeros by ones in the caller's array
def entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    p[p == 0] = 1.0
    return -np.sum(p * np.log(p), axis=-1) / np.log(base)
