# backward에서 레이블 정답을 원-핫처럼 뺌 / backward subtracts label targets as if they were one-hot
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
        t = self.t if self.t.ndim == 2 else self.t.reshape(-1, 1)
        return (self.y - t) / batch_size * dout
