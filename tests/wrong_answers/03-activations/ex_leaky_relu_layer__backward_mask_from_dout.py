# 입력 x 대신 dout의 부호로 나눔 / Splits by the sign of dout instead of the input x
class LeakyRelu:
    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x <= 0
        return np.where(self.mask, self.alpha * x, x)

    def backward(self, dout):
        dout = np.asarray(dout)
        return np.where(dout <= 0, self.alpha * dout, dout)
