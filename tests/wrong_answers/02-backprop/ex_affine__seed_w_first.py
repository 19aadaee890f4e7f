# 노트의 실수: 곱하는 순서를 바꿈 np.dot(W, x) / The notes' mistake: the product in the wrong order, np.dot(W, x)
class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return np.dot(self.W, x) + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dout @ self.W.T
