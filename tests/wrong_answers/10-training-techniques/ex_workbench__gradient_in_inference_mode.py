# gradient가 추론 모드로 순전파 / gradient runs the forward pass in inference mode
class Affine:
    """아핀 계층 / The affine layer: out = x @ W + b.

    __init__(W, b): W (D, M), b (M,) — 복사하지 않고 params = {"W": W, "b": b} 로 / kept uncopied in params.
    forward(x, train=True): x (N, D) → (N, M);  train 은 쓰지 않음 / train is ignored.
    backward(dout): dout (N, M) → dx (N, D);  grads = {"W": (D, M), "b": (M,)} (배치 합 / batch sums).
    """

    def __init__(self, W, b):
        self.params = {"W": W, "b": b}
        self.grads = {}
        self.x = None

    def forward(self, x, train=True):
        self.x = np.asarray(x, dtype=float)
        return self.x @ self.params["W"] + self.params["b"]

    def backward(self, dout):
        self.grads = {"W": self.x.T @ dout, "b": np.sum(dout, axis=0)}
        return dout @ self.params["W"].T


class Relu:
    """ReLU 계층 / The ReLU layer: forward(x, train=True) → max(0, x);  backward(dout) → dout (x > 0 인 곳 / where x > 0)."""

    def __init__(self):
        self.params, self.grads = {}, {}
        self.mask = None

    def forward(self, x, train=True):
        x = np.asarray(x, dtype=float)
        self.mask = x > 0
        return np.where(self.mask, x, 0.0)

    def backward(self, dout):
        return np.where(self.mask, dout, 0.0)


class Sigmoid:
    """시그모이드 계층 / The sigmoid layer: forward(x, train=True) → 1 / (1 + exp(-x)) (넘침 없이 / no overflow);
    backward(dout) → dout * y * (1 - y)."""

    def __init__(self):
        self.params, self.grads = {}, {}
        self.y = None

    def forward(self, x, train=True):
        x = np.asarray(x, dtype=float)
        self.y = 0.5 * (1.0 + np.tanh(0.5 * x))
        return self.y

    def backward(self, dout):
        return dout * self.y * (1.0 - self.y)


class SoftmaxWithLoss:
    """소프트맥스 + 교차 엔트로피 / Softmax + cross-entropy.

    forward(x, t): x — 로짓 (N, C) / logits;  t — 레이블 (N,) 또는 원-핫 (N, C) / labels or one-hot
                   → 배치 평균 교차 엔트로피 (스칼라) / the batch-mean cross-entropy (a scalar).
    backward(dout=1): (softmax(x) - t) / N * dout, 모양 / shape (N, C).
    """

    def __init__(self):
        self.y, self.t = None, None

    def forward(self, x, t):
        x = np.asarray(x, dtype=float)
        t = np.asarray(t)
        z = x - np.max(x, axis=1, keepdims=True)
        log_p = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
        self.y = np.exp(log_p)
        self.t = t.astype(float) if t.ndim == 2 else np.eye(x.shape[1])[t]
        return float(-np.sum(self.t * log_p) / len(x))

    def backward(self, dout=1):
        return dout * (self.y - self.t) / len(self.y)


class Net:
    """계층의 리스트로 만든 신경망 / A network made of a list of layers.

    __init__(layers): params = {f"{이름 / name}{i}": 배열 / array} — i번째 계층(1부터)의 params / the params of
        layer i (from 1), 복사하지 않음 / not copied;  last_layer = SoftmaxWithLoss().
    predict(x, train=False) → 점수 / scores (N, C).   loss(x, t, train=False) → 스칼라 / a scalar.
    accuracy(x, t) → 맞힌 비율 / the fraction right (추론 모드 / inference mode; t 레이블 또는 원-핫 / labels or one-hot).
    gradient(x, t) → params와 같은 키의 기울기 / gradients with the keys of params (학습 모드 / training mode).
    """

    def __init__(self, layers):
        self.layers = list(layers)
        self.last_layer = SoftmaxWithLoss()
        self.params = {}
        for i, layer in enumerate(self.layers, start=1):
            for name, value in layer.params.items():
                self.params[f"{name}{i}"] = value

    def predict(self, x, train=False):
        for layer in self.layers:
            x = layer.forward(x, train)
        return x

    def loss(self, x, t, train=False):
        return self.last_layer.forward(self.predict(x, train), t)

    def accuracy(self, x, t):
        t = np.asarray(t)
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        return float(np.mean(self.predict(x, False).argmax(axis=1) == labels))

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        grads = {}
        for i, layer in enumerate(self.layers, start=1):
            for name in layer.params:
                grads[f"{name}{i}"] = layer.grads[name]
        return grads
