# 최댓값을 빼지 않은 소프트맥스: 큰 로짓에서 넘침 / Softmax without subtracting the maximum: overflows on large logits
class SoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = np.asarray(t)
        e = np.exp(np.asarray(x, dtype=float))
        self.y = e / e.sum(axis=1, keepdims=True)
        self.loss = cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.y.shape[0]
        if self.t.size == self.y.size:
            return (self.y - self.t) / batch_size * dout
        dx = self.y.copy()
        dx[np.arange(batch_size), self.t] -= 1
        return dx / batch_size * dout
