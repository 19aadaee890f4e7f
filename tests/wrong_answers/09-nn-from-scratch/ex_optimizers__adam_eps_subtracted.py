# 아담에서 eps를 빼기 / Adam subtracting eps: sqrt(v_hat) - eps
class Momentum:
    """모멘텀 (6장) / Momentum (chapter 6):  v <- momentum * v - lr * grad,  param <- param + v."""

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        """params의 배열을 제자리에서 갱신 / Update the arrays of params in place (키마다 / per key)."""
        if self.v is None:
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


class Adam:
    """Adam (6장, 편향 보정 포함) / Adam (chapter 6, with bias correction).

    k번째 호출 / call k: m <- b1 m + (1-b1) g;  v <- b2 v + (1-b2) g^2;
    param <- param - lr * (m / (1-b1^k)) / (sqrt(v / (1-b2^k)) + eps).
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        """params의 배열을 제자리에서 갱신 / Update the arrays of params in place (키마다 / per key)."""
        if self.m is None:
            self.m = {key: np.zeros_like(value) for key, value in params.items()}
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        self.iter += 1
        for key in params:
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * grads[key]
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * grads[key] ** 2
            m_hat = self.m[key] / (1 - self.beta1 ** self.iter)
            v_hat = self.v[key] / (1 - self.beta2 ** self.iter)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) - self.eps)
