# 앞 층의 편향을 다음 가중치에 통과시키지 않고 더함 / Adds the biases without passing the earlier one through the next weights
def compose_linear(layers):
    W, b = layers[0]
    W, b = np.array(W, dtype=float), np.array(b, dtype=float)
    for W_k, b_k in layers[1:]:
        W = W @ W_k
        b = b + b_k
    return W, b
