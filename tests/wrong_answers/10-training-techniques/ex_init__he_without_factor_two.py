# He 에서 2 를 빠뜨림 (Xavier 의 1/√n_in 과 같아짐) / He without the factor 2 (the same as 1/√n_in)
def xavier_init(n_in, n_out, rng):
    """Xavier(Glorot) 초기화 / Xavier (Glorot) initialization."""
    return rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))


def he_init(n_in, n_out, rng):
    """He 초기화 (ReLU용) / He initialization (for ReLU)."""
    return rng.normal(0.0, np.sqrt(1.0 / n_in), size=(n_in, n_out))
