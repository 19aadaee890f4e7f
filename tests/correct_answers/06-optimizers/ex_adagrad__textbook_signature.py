# 『밑바닥부터 시작하는 딥러닝』 모양: AdaGrad(lr), ε = 1e-7 을 직접 씀 / the "Deep Learning from Scratch" shape
class AdaGrad:
    """AdaGrad."""

    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {}
            for key, val in params.items():
                self.h[key] = np.zeros_like(val)
        for key in params.keys():
            self.h[key] = self.h[key] + np.square(grads[key])
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)
