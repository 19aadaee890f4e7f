# 속도를 빼서 오르막으로 감 / Subtracts the velocity, so it climbs
class Momentum:
    """모멘텀 SGD / SGD with momentum:  v <- momentum * v - lr * grad,  param <- param + v."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params:
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] -= self.v[key]
