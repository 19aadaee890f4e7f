# dout을 곱하지 않음 / Forgets to multiply by dout
class Tanh:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return 1.0 - self.out ** 2
