# float32, tanh로 계산 / float32, through tanh
class Sigmoid:
    """시그모이드 계층 / The sigmoid as a layer."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = (0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float32)))).astype(np.float32)
        return self.out

    def backward(self, dout):
        return dout * (self.out - self.out * self.out)
