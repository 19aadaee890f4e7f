# backward에서 배치 크기로 나누지 않음 / backward does not divide by the batch size
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
        if self.t.size == self.y.size:
            return (self.y - self.t) * dout
        dx = self.y.copy()
        dx[np.arange(self.y.shape[0]), self.t] -= 1
        return dx * dout
