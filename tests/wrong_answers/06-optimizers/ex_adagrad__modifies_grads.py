# grads를 제자리에서 바꿈 / Modifies grads in place
class AdaGrad:
    """AdaGrad:  h <- h + grad*grad,  param <- param - lr * grad / (sqrt(h) + eps)."""

    def __init__(self, lr=0.01, eps=1e-7):
        self.lr = lr
        self.eps = eps
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params:
            self.h[key] += grads[key] * grads[key]
            grads[key] /= np.sqrt(self.h[key]) + self.eps
            params[key] -= self.lr * grads[key]
