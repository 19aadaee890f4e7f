# 상류 기울기 dout을 곱하지 않음 / Forgot to multiply by the upstream gradient dout
class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        return self.y, self.x
