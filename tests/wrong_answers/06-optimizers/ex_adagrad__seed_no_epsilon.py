# 노트의 실수: ε 없이 sqrt(h)로 나눔 (기울기 0이면 nan) / Seed mistake: divides by sqrt(h) without eps (nan for a zero gradient)
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
            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key])
