# im2col 없이 출력 자리마다 반복문, float32로 계산 / loops over output positions without im2col, in float32
class Convolution:
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
        s, p = self.stride, self.pad
        oh, ow = (h + 2 * p - fh) // s + 1, (w + 2 * p - fw) // s + 1
        self.xp = np.pad(np.asarray(x, dtype=np.float32), [(0, 0), (0, 0), (p, p), (p, p)])
        W32 = self.W.astype(np.float32)
        out = np.zeros((n, fn, oh, ow), dtype=np.float32)
        for i in range(oh):
            for j in range(ow):
                patch = self.xp[:, :, i * s:i * s + fh, j * s:j * s + fw]
                out[:, :, i, j] = np.einsum("nchw,fchw->nf", patch, W32) + self.b
        return out

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        s, p = self.stride, self.pad
        n, _, oh, ow = dout.shape
        dxp = np.zeros(self.xp.shape, dtype=np.float32)
        dW = np.zeros(self.W.shape, dtype=np.float32)
        W32 = self.W.astype(np.float32)
        for i in range(oh):
            for j in range(ow):
                g = dout[:, :, i, j].astype(np.float32)
                patch = self.xp[:, :, i * s:i * s + fh, j * s:j * s + fw]
                dW += np.einsum("nf,nchw->fchw", g, patch)
                dxp[:, :, i * s:i * s + fh, j * s:j * s + fw] += np.einsum("nf,fchw->nchw", g, W32)
        self.dW = dW
        self.db = dout.sum(axis=(0, 2, 3))
        h, w = dxp.shape[2] - 2 * p, dxp.shape[3] - 2 * p
        return dxp[:, :, p:p + h, p:p + w]
