# 기울기 잘라내기를 dout에 제자리로 적용 (호출한 쪽의 dout이 바뀜) / Clips dout in place (changes the caller's dout)
class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        np.clip(dout, -5.0, 5.0, out=dout)
        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        return dout @ self.W.T
