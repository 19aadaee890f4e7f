# 입력을 바꾸지 않고 자기 자신을 곱함 / Multiplies by the input itself instead of the other one
class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        return x * y

    def backward(self, dout):
        return dout * self.x, dout * self.y
