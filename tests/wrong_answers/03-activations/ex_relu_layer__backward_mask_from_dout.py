# 입력 x 대신 dout의 부호로 거름 / Masks by the sign of dout instead of the input x
class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        return np.where(dout > 0, dout, 0.0)
