# 배치를 2차원으로 펴서 3차원 배치의 모양을 잃음 / Flattens the batch to 2-D, losing the shape of a 3-D batch
def entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    rows = p.reshape(-1, p.shape[-1])
    safe = np.where(rows > 0, rows, 1.0)
    h = -np.sum(rows * np.log(safe), axis=1) / np.log(base)
    return h if p.ndim > 1 else h[0]
