# np.where로 값은 맞지만 두 갈래를 다 계산해 경고가 남 / np.where fixes the value but both branches run, so warnings remain
def entropy(p, base=2):
    p = np.asarray(p, dtype=float)
    return -np.sum(np.where(p > 0, p * np.log(p), 0.0), axis=-1) / np.log(base)
