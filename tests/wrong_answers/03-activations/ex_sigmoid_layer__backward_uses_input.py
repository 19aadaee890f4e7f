# y(1-y) 대신 입력으로 x(1-x)를 계산 / Computes x(1-x) from the input instead of y(1-y)
class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.x = np.array(x, dtype=float)
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.x * (1.0 - self.x)
