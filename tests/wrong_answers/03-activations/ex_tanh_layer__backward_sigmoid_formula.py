# 시그모이드의 도함수 y(1-y)를 씀 / Uses the sigmoid's derivative y(1-y)
class Tanh:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * self.out * (1.0 - self.out)
