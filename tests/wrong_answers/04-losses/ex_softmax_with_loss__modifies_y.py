# 복사 없이 self.y를 고침: 두 번째 backward가 달라짐 / Changes self.y without a copy: a second backward differs
class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = np.asarray(t)
        self.y = softmax(x)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.y.shape[0]
        if self.t.size == self.y.size:
            return (self.y - self.t) / batch_size * dout
        dx = self.y
        dx[np.arange(batch_size), self.t] -= 1
        dx /= batch_size
        return dx * dout
