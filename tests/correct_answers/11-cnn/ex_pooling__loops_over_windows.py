# 창마다 반복문, 첫 최댓값 자리를 기억 / loops over the windows, remembering the position of the first maximum
class MaxPooling:
    def __init__(self, pool_h=2, pool_w=2, stride=None):
        self.pool_h = pool_h
        self.pool_w = pool_w
        self.stride = stride if stride is not None else pool_h

    def forward(self, x):
        n, c, h, w = x.shape
        s = self.stride
        oh, ow = (h - self.pool_h) // s + 1, (w - self.pool_w) // s + 1
        out = np.zeros((n, c, oh, ow))
        self.where = np.zeros((n, c, oh, ow, 2), dtype=int)
        self.shape = x.shape
        for i in range(oh):
            for j in range(ow):
                window = x[:, :, i * s:i * s + self.pool_h, j * s:j * s + self.pool_w].reshape(n, c, -1)
                k = window.argmax(axis=2)
                out[:, :, i, j] = window.max(axis=2)
                self.where[:, :, i, j, 0] = i * s + k // self.pool_w
                self.where[:, :, i, j, 1] = j * s + k % self.pool_w
        return out

    def backward(self, dout):
        dx = np.zeros(self.shape)
        n, c, oh, ow = dout.shape
        for a in range(n):
            for ch in range(c):
                for i in range(oh):
                    for j in range(ow):
                        r, q = self.where[a, ch, i, j]
                        dx[a, ch, r, q] += dout[a, ch, i, j]
        return dx
