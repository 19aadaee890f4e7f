# 겹치는 창에서 기울기를 더하지 않고 덮어씀 / overlapping windows overwrite instead of adding the gradient
class MaxPooling:
    """최대 풀링 층 / The max pooling layer.

    __init__(pool_h=2, pool_w=2, stride=None): stride None → pool_h.
    forward(x): x (N, C, H, W) → (N, C, OH, OW), 창마다 최댓값 / the maximum of each window.
    backward(dout): dout (N, C, OH, OW) → dx (N, C, H, W), 최댓값 자리로만 / to the maximum's position only.
    """

    def __init__(self, pool_h=2, pool_w=2, stride=None):
        self.pool_h = pool_h
        self.pool_w = pool_w
        self.stride = pool_h if stride is None else stride

    def forward(self, x):
        n, c, h, w = x.shape
        oh = conv_output_size(h, self.pool_h, self.stride)
        ow = conv_output_size(w, self.pool_w, self.stride)
        col = im2col(x.reshape(n * c, 1, h, w), self.pool_h, self.pool_w, self.stride)
        self.x_shape = x.shape
        self.arg_max = np.argmax(col, axis=1)
        return col.max(axis=1).reshape(n, c, oh, ow)

    def backward(self, dout):
        n, c, h, w = self.x_shape
        dcol = np.zeros((dout.size, self.pool_h * self.pool_w), dtype=float)
        dcol[np.arange(dout.size), self.arg_max] = np.ravel(dout)
        dx = np.zeros((n * c, 1, h, w))
        rows = np.arange(dout.size)
        oh, ow = dout.shape[2], dout.shape[3]
        m = rows % (oh * ow)
        i0, j0 = (m // ow) * self.stride, (m % ow) * self.stride
        dx[rows // (oh * ow), 0, i0 + self.arg_max // self.pool_w, j0 + self.arg_max % self.pool_w] = np.ravel(dout)
        return dx.reshape(n, c, h, w)
