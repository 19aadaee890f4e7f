# 음수 쪽에 alpha * x 대신 alpha를 냄 / Outputs alpha instead of alpha * x on the negative side
class LeakyRelu:
    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x <= 0
        return np.where(self.mask, self.alpha, x)

    def backward(self, dout):
        dout = np.asarray(dout)
        return np.where(self.mask, self.alpha * dout, dout)
