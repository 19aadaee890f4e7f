# 첫 층의 편향 배열을 제자리에서 바꿈 / Modifies the first layer's bias array in place
def compose_linear(layers):
    W, b = layers[0]
    for W_k, b_k in layers[1:]:
        W = W @ W_k
        if b.shape == b_k.shape:
            b[:] = b @ W_k + b_k
        else:
            b = b @ W_k + b_k
    return W, b
