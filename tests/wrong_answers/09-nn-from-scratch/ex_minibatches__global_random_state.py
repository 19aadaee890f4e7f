# 받은 rng 대신 NumPy 전역 난수를 씀 (재현 불가) / Uses NumPy's global random state instead of rng (not reproducible)
def get_minibatches(num_samples, batch_size, rng):
    order = np.random.permutation(num_samples)
    return [order[start:start + batch_size] for start in range(0, num_samples, batch_size)]
