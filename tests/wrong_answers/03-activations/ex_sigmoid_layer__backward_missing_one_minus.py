# (1 - y)를 빠뜨림 / Leaves out the (1 - y) factor
class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * self.out
