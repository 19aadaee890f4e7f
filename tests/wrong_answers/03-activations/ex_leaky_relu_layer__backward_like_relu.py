# 역전파를 ReLU처럼 음수 쪽 0으로 함 / Backward like ReLU: 0 on the negative side
class LeakyRelu:
    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x <= 0
        return np.where(self.mask, self.alpha * x, x)

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)
