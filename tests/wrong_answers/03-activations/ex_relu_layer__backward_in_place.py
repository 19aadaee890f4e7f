# dout을 제자리에서 바꿈 / Modifies dout in place
class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        x = np.asarray(x)
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        dout[self.mask] = 0
        return dout
