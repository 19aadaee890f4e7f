# dout을 곱하지 않고 도함수만 돌려줌 / Returns the derivative without multiplying by dout
class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        return np.where(self.mask, 0.0, 1.0)
