# 층이 정확히 두 개일 때만 동작 / Works only for exactly two layers
def compose_linear(layers):
    (W1, b1), (W2, b2) = layers[0], layers[1]
    return W1 @ W2, b1 @ W2 + b2
