# transpose 없이 (N·H·W, C)로 reshape: 채널이 섞임 / reshape without transpose mixes the channels
class SpatialBatchNorm:
    """공간 배치 정규화 / Spatial batch normalization: 채널마다 / per channel over (N, H, W).

    __init__(gamma, beta, momentum=0.9, eps=1e-5): gamma, beta (C,) — params 에 복사 없이 / kept in params uncopied;
        running_mean = 0, running_var = 1 (C,).
    forward(x, train=True): x (N, C, H, W) → (N, C, H, W).  학습 / training: 채널마다 N·H·W 개 값의 평균·분산으로 정규화,
        이동 평균 갱신 / normalize with the mean and variance of each channel's N·H·W values, update the running averages;
        추론 / inference: 이동 평균으로, 상태 불변 / with the running averages, no state change.
    backward(dout): dout (N, C, H, W) → dx (N, C, H, W);  grads = {"gamma": (C,), "beta": (C,)}.
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
        n, c, h, w = x.shape
        rows = x.reshape(-1, c)
        if train:
            mu, var = rows.mean(axis=0), rows.var(axis=0)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var
            self.std = np.sqrt(var + self.eps)
            self.x_hat = (rows - mu) / self.std
            x_hat = self.x_hat
        else:
            x_hat = (rows - self.running_mean) / np.sqrt(self.running_var + self.eps)
        out = self.params["gamma"] * x_hat + self.params["beta"]
        return out.reshape(n, h, w, c).transpose(0, 3, 1, 2)

    def backward(self, dout):
        n, c, h, w = dout.shape
        d = dout.transpose(0, 2, 3, 1).reshape(-1, c)
        dbeta = d.sum(axis=0)
        dgamma = (d * self.x_hat).sum(axis=0)
        self.grads = {"gamma": dgamma, "beta": dbeta}
        m = d.shape[0]                                                # N·H·W
        dx = self.params["gamma"] / (m * self.std) * (m * d - dbeta - self.x_hat * dgamma)
        return dx.reshape(n, h, w, c).transpose(0, 3, 1, 2)
