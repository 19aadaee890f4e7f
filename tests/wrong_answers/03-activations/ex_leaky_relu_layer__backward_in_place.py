# dout의 음수 쪽을 제자리에서 alpha배로 바꿈 / Scales dout in place
class LeakyRelu:
    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x <= 0
        return np.where(self.mask, self.alpha * x, x)

    def backward(self, dout):
        dout[self.mask] *= self.alpha
        return dout
