# 다른 공식: dict.get 으로 0에서 시작, 아담은 보정을 걸음 크기에 모음 (ε도 같이 보정: 같은 식)
# Other formulations: states start from 0 through dict.get; Adam folds the corrections into the step size
# (with ε corrected likewise, so the formula is the same)
class Momentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {}
        for key, grad in grads.items():
            self.v[key] = self.momentum * self.v.get(key, 0.0) - self.lr * grad
            params[key] += self.v[key]


class Adam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m, self.v = {}, {}
        self.iter += 1
        c2 = np.sqrt(1.0 - self.beta2 ** self.iter)
        lr_t = self.lr * c2 / (1.0 - self.beta1 ** self.iter)
        for key, grad in grads.items():
            self.m[key] = self.m.get(key, 0.0) + (1 - self.beta1) * (grad - self.m.get(key, 0.0))
            self.v[key] = self.v.get(key, 0.0) + (1 - self.beta2) * (grad ** 2 - self.v.get(key, 0.0))
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + self.eps * c2)
