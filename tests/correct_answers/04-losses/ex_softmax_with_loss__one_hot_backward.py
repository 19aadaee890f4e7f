# 레이블을 원-핫으로 바꿔 역전파 / labels turned into one-hot for the backward pass
class SoftmaxWithLoss:
    """소프트맥스 + 교차 엔트로피 계층 / A softmax + cross-entropy layer."""

    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        x = np.asarray(x, dtype=float)
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = e / e.sum(axis=1, keepdims=True)
        self.t = np.asarray(t)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        n, classes = self.y.shape
        target = self.t if self.t.size == self.y.size else np.eye(classes)[self.t]
        return (self.y - target) * (dout / n)
