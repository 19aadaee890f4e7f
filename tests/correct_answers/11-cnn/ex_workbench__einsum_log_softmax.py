# einsum과 log-sum-exp로, 다른 형태 / with einsum and log-sum-exp, another formulation
class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.dW = None
        self.db = None

    def forward(self, x):
        self.shape = np.shape(x)
        self.x2 = np.reshape(x, (self.shape[0], -1))
        return np.einsum("nd,dm->nm", self.x2, self.W) + self.b

    def backward(self, dout):
        self.dW = np.einsum("nd,nm->dm", self.x2, dout)
        self.db = dout.sum(axis=0)
        return np.einsum("nm,dm->nd", dout, self.W).reshape(self.shape)


class Relu:
    def forward(self, x):
        self.on = np.asarray(x) > 0
        return np.maximum(x, 0.0)

    def backward(self, dout):
        return dout * self.on


class SoftmaxWithLoss:
    def forward(self, x, t):
        x = np.asarray(x, dtype=float)
        m = x.max(axis=1, keepdims=True)
        lse = m + np.log(np.exp(x - m).sum(axis=1, keepdims=True))
        self.y = np.exp(x - lse)
        t = np.asarray(t)
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        self.t = np.zeros_like(self.y)
        self.t[np.arange(len(x)), labels] = 1.0
        return float(np.mean(lse[:, 0] - x[np.arange(len(x)), labels]))

    def backward(self, dout=1):
        n = len(self.y)
        return dout * (self.y - self.t) / n


def numerical_gradient(f, x, h=1e-4):
    x = np.array(x, dtype=float)
    g = np.zeros(x.shape)
    flat, gflat = x.reshape(-1), g.reshape(-1)
    for k in range(flat.size):
        old = flat[k]
        flat[k] = old + h
        a = f(x)
        flat[k] = old - h
        b = f(x)
        flat[k] = old
        gflat[k] = (a - b) / (2 * h)
    return g
