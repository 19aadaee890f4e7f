# 제곱근을 빠뜨림 / Forgets the square root
class RMSprop:
    """RMSProp:  h <- rho*h + (1-rho)*grad*grad,  param <- param - lr * grad / (sqrt(h) + eps),  rho = decay_rate."""

    def __init__(self, lr=0.01, decay_rate=0.99, eps=1e-7):
        self.lr = lr
        self.decay_rate = decay_rate
        self.eps = eps
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params:
            self.h[key] = self.decay_rate * self.h[key] + (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (self.h[key] + self.eps)
