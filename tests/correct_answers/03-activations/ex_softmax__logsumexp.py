# log-sum-exp를 빼고 exp / exp of x minus its log-sum-exp
def softmax(x):
    """안정적인 소프트맥스 / A stable softmax."""
    x = np.asarray(x, dtype=float)
    m = x.max(axis=-1, keepdims=True)
    log_sum = m + np.log(np.exp(x - m).sum(axis=-1, keepdims=True))
    return np.exp(x - log_sum)
