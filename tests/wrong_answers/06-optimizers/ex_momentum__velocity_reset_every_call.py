# 매번 속도를 0으로 되돌림 (그냥 SGD) / Resets the velocity on every call (plain SGD)
class Momentum:
    """모멘텀 SGD / SGD with momentum:  v <- momentum * v - lr * grad,  param <- param + v."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params:
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]
