# 원소별 반복문, 교과서 시그니처 / an element loop, the textbook signature
class Momentum:
    """모멘텀 SGD / SGD with momentum."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {}
            for key, val in params.items():
                self.v[key] = np.zeros_like(val)
        for key in params.keys():
            v, p, g = self.v[key].reshape(-1), params[key].reshape(-1), np.asarray(grads[key]).reshape(-1)
            for j in range(p.size):
                v[j] = self.momentum * v[j] - self.lr * g[j]
                p[j] = p[j] + v[j]
