# 섞지 않고 순서대로 자름 / Cuts the data in order without shuffling
def get_minibatches(num_samples, batch_size, rng):
    order = np.arange(num_samples)
    return [order[start:start + batch_size] for start in range(0, num_samples, batch_size)]
