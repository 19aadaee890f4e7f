# 아핀의 dx를 원래 모양으로 되돌리지 않음 / the affine dx is not reshaped back to the input's shape
class Affine:
    """아핀 계층 / The affine layer: out = x.reshape(N, -1) @ W + b.

    __init__(W, b): W (D, M), b (M,) — 복사하지 않음 / not copied.
    forward(x): x (N, ...) with prod(...) = D → (N, M).
    backward(dout): dout (N, M) → dx, x의 원래 모양 / in x's original shape;  self.dW (D, M), self.db (M,) (배치 합 / batch sums).
    """

    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.dW = None
        self.db = None

    def forward(self, x):
        x = np.asarray(x)
        self.original_shape = x.shape
        self.x_flat = x.reshape(x.shape[0], -1)
        return self.x_flat @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x_flat.T @ dout
        self.db = np.sum(dout, axis=0)
        return dout @ self.W.T


class Relu:
    """ReLU 계층 / The ReLU layer: forward(x) → max(0, x) (임의 모양 / any shape);  backward(dout) → dout (x > 0 인 곳 / where x > 0)."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        self.mask = x > 0
        return np.where(self.mask, x, 0.0)

    def backward(self, dout):
        return np.where(self.mask, dout, 0.0)


class SoftmaxWithLoss:
    """소프트맥스 + 교차 엔트로피 / Softmax + cross-entropy.

    forward(x, t): x (N, C) 로짓 / logits;  t 레이블 (N,) 또는 원-핫 (N, C) / labels or one-hot → 배치 평균 / the batch mean.
    backward(dout=1): (softmax(x) - t) / N * dout, (N, C).
    """

    def __init__(self):
        self.y = None
        self.t = None

    def forward(self, x, t):
        x = np.asarray(x, dtype=float)
        z = x - np.max(x, axis=1, keepdims=True)
        log_y = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
        self.y = np.exp(log_y)
        t = np.asarray(t)
        self.t = t.astype(float) if t.ndim == 2 else np.eye(x.shape[1])[t]
        return float(-np.sum(self.t * log_y) / x.shape[0])

    def backward(self, dout=1):
        return (self.y - self.t) * dout / self.y.shape[0]


def numerical_gradient(f, x, h=1e-4):
    """중앙 차분 기울기 / The central-difference gradient: 원소마다 (f(x+h) - f(x-h)) / 2h, x 모양 / shaped like x;
    f 는 배열 하나를 받아 숫자를 돌려줌 / f takes one array, returns a number;  끝나면 x 그대로 / x unchanged."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        keep = x[idx]
        x[idx] = keep + h
        f_up = f(x)
        x[idx] = keep - h
        f_down = f(x)
        x[idx] = keep
        grad[idx] = (f_up - f_down) / (2 * h)
    return grad
