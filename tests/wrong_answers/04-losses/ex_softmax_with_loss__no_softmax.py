# 소프트맥스 없이 로짓에 바로 교차 엔트로피 / Cross-entropy straight on the logits, no softmax
class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = np.asarray(t)
        self.y = np.asarray(x, dtype=float)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.y.shape[0]
        t = self.t if self.t.size == self.y.size else np.eye(self.y.shape[1])[self.t]
        return (self.y - t) / batch_size * dout
