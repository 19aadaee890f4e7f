# 항등 행렬과 0을 층에 통과시켜 / passing the identity and zeros through the layers
def compose_linear(layers):
    """선형 층 여러 개를 층 하나로 합치기 / Collapse a stack of linear layers into one."""
    def through(z):
        for W_k, b_k in layers:
            z = z @ np.asarray(W_k, dtype=float) + np.asarray(b_k, dtype=float)
        return z

    d_in = np.asarray(layers[0][0]).shape[0]
    b = through(np.zeros(d_in))
    return through(np.eye(d_in)) - b, b
