# 모든 키가 속도 하나를 나눠 씀 / One velocity shared by all keys
class Momentum:
    """모멘텀 SGD / SGD with momentum:  v <- momentum * v - lr * grad,  param <- param + v."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        for key in params:
            if self.v is None:
                self.v = np.zeros_like(params[key])
            self.v = self.momentum * self.v - self.lr * grads[key]
            params[key] += self.v
