# np.where가 두 식을 모두 계산하므로 여전히 넘침 / np.where evaluates both branches, so it still overflows
def sigmoid(x):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))
