# 부호 반대: (t - y) / N / Wrong sign: (t - y) / N
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
        t = self.t if self.t.size == self.y.size else np.eye(self.y.shape[1])[self.t]
        return (t - self.y) / batch_size * dout
