# dW를 전치하지 않고 모양만 바꿈 / reshapes dW without transposing it
class Convolution:
    """합성곱 층 / The convolutional layer (im2col).

    __init__(W, b, stride=1, pad=0): W (FN, C, FH, FW), b (FN,) — 복사하지 않음 / not copied.
    forward(x): x (N, C, H, W) → (N, FN, OH, OW), 상호상관 + 편향 / cross-correlation + bias.
    backward(dout): dout (N, FN, OH, OW) → dx (N, C, H, W);  self.dW (FN, C, FH, FW), self.db (FN,) (배치 합 / batch sums).
    """

    def __init__(self, W, b, stride=1, pad=0):
        self.W = W
        self.b = b
        self.stride = stride
        self.pad = pad
        self.dW = None
        self.db = None

    def forward(self, x):
        fn, c, fh, fw = self.W.shape
        n, _, h, w = x.shape
        oh = conv_output_size(h, fh, self.stride, self.pad)
        ow = conv_output_size(w, fw, self.stride, self.pad)
        self.x_shape = x.shape
        self.col = im2col(x, fh, fw, self.stride, self.pad)
        self.col_W = self.W.reshape(fn, -1).T
        out = self.col @ self.col_W + self.b
        return out.reshape(n, oh, ow, fn).transpose(0, 3, 1, 2)

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        d = dout.transpose(0, 2, 3, 1).reshape(-1, fn)
        self.db = d.sum(axis=0)
        self.dW = (self.col.T @ d).reshape(fn, c, fh, fw)
        dcol = d @ self.col_W.T
        return col2im(dcol, self.x_shape, fh, fw, self.stride, self.pad)
