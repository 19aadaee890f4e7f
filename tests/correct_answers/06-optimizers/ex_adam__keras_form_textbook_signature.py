# Keras와 Adam 논문의 효율적인 형태: 편향 보정을 걸음 크기에 접어 넣고, ε = 1e-7 은 보정 전 sqrt(v) 에 더함;
# 교과서 시그니처 Adam(lr, beta1, beta2) / the Keras and Adam-paper efficient form: the bias corrections folded
# into the step size, ε = 1e-7 added to the uncorrected sqrt(v); the textbook signature Adam(lr, beta1, beta2)
class Adam:
    """Adam (편향 보정 포함 / with bias correction)."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m, self.v = {}, {}
            for key, val in params.items():
                self.m[key] = np.zeros_like(val)
                self.v[key] = np.zeros_like(val)
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)
