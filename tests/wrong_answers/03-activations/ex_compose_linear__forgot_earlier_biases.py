# 마지막 층의 편향만 남김 / Keeps only the last layer's bias
def compose_linear(layers):
    W = np.array(layers[0][0], dtype=float)
    for W_k, _ in layers[1:]:
        W = W @ W_k
    return W, np.array(layers[-1][1], dtype=float)
