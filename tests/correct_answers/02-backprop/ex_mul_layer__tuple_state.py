# 입력을 튜플로 저장 / the inputs kept as a tuple
class MulLayer:
    """곱셈 노드 / A multiply node."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x, self.y = x, y
        return np.multiply(x, y)

    def backward(self, dout):
        return np.multiply(self.y, dout), np.multiply(self.x, dout)
