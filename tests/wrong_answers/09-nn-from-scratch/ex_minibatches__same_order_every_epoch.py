# 함수 안에서 고정 시드로 새 rng를 만듦 (에포크마다 같은 순서) / Makes a new fixed-seed rng inside (the same order every epoch)
def get_minibatches(num_samples, batch_size, rng):
    order = np.random.default_rng(0).permutation(num_samples)
    return [order[start:start + batch_size] for start in range(0, num_samples, batch_size)]
