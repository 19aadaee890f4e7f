# 입력 x의 음수 자리를 제자리에서 alpha배로 바꿈 / Scales the negative entries of the input x in place
class LeakyRelu:
    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        x[self.mask] *= self.alpha
        return x

    def backward(self, dout):
        dout = np.asarray(dout)
        return np.where(self.mask, self.alpha * dout, dout)
