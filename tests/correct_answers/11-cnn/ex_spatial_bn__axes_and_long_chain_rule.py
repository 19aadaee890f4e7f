# 축 (0, 2, 3)으로 바로 계산하고, 역전파는 계산 그래프를 한 단계씩 (dvar, dmu) / statistics over the axes (0, 2, 3)
# directly, the backward pass step by step through the graph (dvar, dmu)
class SpatialBatchNorm:
    def __init__(self, gamma, beta, momentum=0.9, eps=1e-5):
        self.params = {"gamma": gamma, "beta": beta}
        self.grads = {}
        self.momentum = momentum
        self.eps = eps
        self.running_mean = np.zeros(np.shape(gamma))
        self.running_var = np.ones(np.shape(gamma))

    def forward(self, x, train=True):
        x = np.asarray(x, dtype=float)
        gamma = np.reshape(self.params["gamma"], (1, -1, 1, 1))
        beta = np.reshape(self.params["beta"], (1, -1, 1, 1))
        if not train:
            mean = np.reshape(self.running_mean, (1, -1, 1, 1))
            var = np.reshape(self.running_var, (1, -1, 1, 1))
            return gamma * (x - mean) / np.sqrt(var + self.eps) + beta
        mu = x.mean(axis=(0, 2, 3), keepdims=True)
        var = ((x - mu) ** 2).mean(axis=(0, 2, 3), keepdims=True)
        self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * mu.ravel()
        self.running_var = self.momentum * self.running_var + (1 - self.momentum) * var.ravel()
        self.cache = (x, mu, var)
        return gamma * (x - mu) / np.sqrt(var + self.eps) + beta

    def backward(self, dout):
        x, mu, var = self.cache
        axes = (0, 2, 3)
        m = x.shape[0] * x.shape[2] * x.shape[3]
        inv_std = 1.0 / np.sqrt(var + self.eps)
        x_hat = (x - mu) * inv_std
        self.grads = {"gamma": np.sum(dout * x_hat, axis=axes), "beta": np.sum(dout, axis=axes)}
        dx_hat = dout * np.reshape(self.params["gamma"], (1, -1, 1, 1))
        dvar = np.sum(dx_hat * (x - mu) * -0.5 * inv_std ** 3, axis=axes, keepdims=True)
        dmu = np.sum(-dx_hat * inv_std, axis=axes, keepdims=True) + dvar * np.mean(-2.0 * (x - mu), axis=axes, keepdims=True)
        return dx_hat * inv_std + dvar * 2.0 * (x - mu) / m + dmu / m
