# dout을 곱하지 않음 (dout이 1일 때만 맞음) / Forgets to multiply by dout (right only when dout is 1)
class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return self.out * (1.0 - self.out)
