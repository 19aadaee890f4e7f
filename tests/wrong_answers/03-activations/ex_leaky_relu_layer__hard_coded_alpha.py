# 생성자의 alpha를 무시하고 0.01로 고정 / Ignores the constructor's alpha and hard-codes 0.01
class LeakyRelu:
    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x <= 0
        return np.where(self.mask, 0.01 * x, x)

    def backward(self, dout):
        dout = np.asarray(dout)
        return np.where(self.mask, 0.01 * dout, dout)
