# 받은 rng 대신 np.random / np.random instead of the given rng
def xavier_init(n_in, n_out, rng):
    """Xavier(Glorot) 초기화 / Xavier (Glorot) initialization.

    입력 / Inputs: n_in, n_out — 층의 입력·출력 수 / the layer's numbers of inputs and outputs;
                   rng — np.random.Generator (이것으로만 뽑음 / draw only from it).
    출력 / Output: (n_in, n_out) 배열 / array, 평균 / mean 0, 표준편차 / std sqrt(2 / (n_in + n_out)).
    """
    return np.random.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=(n_in, n_out))


def he_init(n_in, n_out, rng):
    """He 초기화 (ReLU용) / He initialization (for ReLU).

    입력 / Inputs: n_in, n_out, rng — xavier_init 과 같음 / as for xavier_init.
    출력 / Output: (n_in, n_out) 배열 / array, 평균 / mean 0, 표준편차 / std sqrt(2 / n_in).
    """
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
