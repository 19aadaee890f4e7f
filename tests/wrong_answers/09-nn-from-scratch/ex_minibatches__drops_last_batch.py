# 마지막의 작은 미니배치를 버림 / Drops the last, smaller mini-batch
def get_minibatches(num_samples, batch_size, rng):
    order = rng.permutation(num_samples)
    return [order[start:start + batch_size] for start in range(0, num_samples - batch_size + 1, batch_size)]
