# 복원 추출: 어떤 샘플은 두 번, 어떤 샘플은 한 번도 안 나옴 / Samples with replacement: some samples twice, some never
def get_minibatches(num_samples, batch_size, rng):
    batches = []
    for start in range(0, num_samples, batch_size):
        size = min(batch_size, num_samples - start)
        batches.append(rng.integers(0, num_samples, size=size))
    return batches
