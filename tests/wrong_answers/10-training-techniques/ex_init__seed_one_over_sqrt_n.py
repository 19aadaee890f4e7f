# Xavier 를 표준편차 1/√n_in 으로 (옛 "1/√n" 규칙) / Xavier with std 1/√n_in (the older "1/√n" rule)
def xavier_init(n_in, n_out, rng):
    """Xavier(Glorot) 초기화 / Xavier (Glorot) initialization."""
    return rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))


def he_init(n_in, n_out, rng):
    """He 초기화 (ReLU용) / He initialization (for ReLU)."""
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
