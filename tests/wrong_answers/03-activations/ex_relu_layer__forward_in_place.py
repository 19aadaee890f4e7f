# 입력 x를 제자리에서 0으로 바꿈 / Zeroes the input x in place
class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        x[self.mask] = 0
        return x

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)
