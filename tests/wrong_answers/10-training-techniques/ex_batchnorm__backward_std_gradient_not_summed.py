# dL/ds 를 배치에 대해 더하지 않음 / dL/ds not summed over the batch
class BatchNorm:
    """배치 정규화 계층 / The batch normalization layer.

    __init__(gamma, beta, momentum=0.9, eps=1e-5): gamma, beta — (D,), params 에 복사 없이 / kept in params uncopied;
        running_mean = 0, running_var = 1 (모양 / shape (D,)).
    forward(x, train=True): x (N, D) → (N, D).  학습 / training: 배치 평균·분산(N으로 나눔)으로 정규화, 이동 평균 갱신
        / normalize with the batch mean and variance (divided by N), update the running averages
        (running = momentum * running + (1 - momentum) * batch);  추론 / inference: 이동 평균으로, 상태 불변
        / with the running averages, no state change.  out = gamma * x_hat + beta.
    backward(dout): dout (N, D) → dx (N, D);  grads = {"gamma": (D,), "beta": (D,)}.
    """

    def __init__(self, gamma, beta, momentum=0.9, eps=1e-5):
        self.params = {"gamma": gamma, "beta": beta}
        self.grads = {}
        self.momentum = momentum
        self.eps = eps
        self.running_mean = np.zeros(np.shape(gamma))
        self.running_var = np.ones(np.shape(gamma))

    def forward(self, x, train=True):
        x = np.asarray(x, dtype=float)
        if train:
            mu = x.mean(axis=0)
            var = x.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
            self.std = np.sqrt(var + self.eps)
            self.x_hat = (x - mu) / self.std
            x_hat = self.x_hat
        else:
            x_hat = (x - self.running_mean) / np.sqrt(self.running_var + self.eps)
        return self.params["gamma"] * x_hat + self.params["beta"]

    def backward(self, dout):
        dbeta = dout.sum(axis=0)
        dgamma = (dout * self.x_hat).sum(axis=0)
        self.grads = {"gamma": dgamma, "beta": dbeta}
        n = dout.shape[0]
        xc = self.x_hat * self.std
        dxhat = dout * self.params["gamma"]
        dxc = dxhat / self.std
        dstd = -dxhat * xc / self.std ** 2      # not summed over the batch
        dvar = 0.5 * dstd / self.std
        dxc = dxc + 2.0 / n * xc * dvar
        return dxc - np.mean(dxc, axis=0)
