# 제자리 섞기와 np.split / an in-place shuffle and np.split
def get_minibatches(num_samples, batch_size, rng):
    """한 에포크의 미니배치 인덱스 / The mini-batch indices of one epoch."""
    order = np.arange(num_samples)
    rng.shuffle(order)
    return np.split(order, np.arange(batch_size, num_samples, batch_size))
