# ReLU의 역전파가 dout을 제자리에서 0으로 바꿈 / ReLU's backward zeroes dout in place
class Affine:
    """아핀 계층 (2장) / The affine layer (chapter 2): out = x @ W + b.

    __init__(W, b): W — (D, M) 가중치 / weights;  b — (M,) 편향 / bias. 같은 배열을 그대로 들고 있음 (복사 금지)
                    / keeps these very arrays (no copies).
    forward(x): x — (N, D) 배치 / a batch → (N, M).
    backward(dout): dout — (N, M) → dx, (N, D); self.dW (D, M), self.db (M,) 에 배치 합 기울기 저장
                    / stores the batch-summed gradients in self.dW (D, M) and self.db (M,).
    """

    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = np.asarray(x)
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = dout.sum(axis=0)
        return np.dot(dout, self.W.T)


class Relu:
    """ReLU 계층 (3장) / The ReLU layer (chapter 3).

    forward(x): 임의 모양 / any shape → max(0, x).  backward(dout): x > 0 인 곳만 dout, 나머지 0
    / dout where x > 0, 0 elsewhere.
    """

    def __init__(self):
        self.mask = None

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        self.mask = x > 0
        return x * self.mask

    def backward(self, dout):
        dout[~self.mask] = 0.0
        return dout


class Sigmoid:
    """시그모이드 계층 (3장) / The sigmoid layer (chapter 3).

    forward(x): 임의 모양 / any shape → y = 1 / (1 + exp(-x)), 큰 |x| 에서도 넘치지 않게 / without overflow.
    backward(dout): dout * y * (1 - y).
    """

    def __init__(self):
        self.out = None

    def forward(self, x):
        x = np.asarray(x, dtype=float)
        self.out = np.exp(-np.logaddexp(0.0, -x))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


class SoftmaxWithLoss:
    """소프트맥스 + 교차 엔트로피 계층 (4장) / The softmax + cross-entropy layer (chapter 4).

    forward(x, t): x — 로짓 (N, C) / logits;  t — 원-핫 (N, C) 또는 레이블 (N,) / one-hot or labels
                   → 배치 평균 교차 엔트로피, 스칼라 / the batch-mean cross-entropy, a scalar.
    backward(dout=1): (y - t) / N * dout, 모양 (N, C) / shape (N, C); y = softmax(x).
    """

    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        x = np.asarray(x, dtype=float)
        shifted = x - x.max(axis=1, keepdims=True)
        log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.y = np.exp(log_y)
        t = np.asarray(t)
        self.t = t if t.shape == x.shape else np.eye(x.shape[1])[t]
        self.loss = float(-np.sum(self.t * log_y) / x.shape[0])
        return self.loss

    def backward(self, dout=1):
        return (self.y - self.t) * (dout / self.y.shape[0])


def numerical_gradient(f, x, h=1e-4):
    """중앙 차분 기울기 (2장) / The central-difference gradient (chapter 2).

    입력 / Inputs: f — 배열 하나를 받아 숫자 하나를 돌려주는 함수 / a function of one array returning a number;
                   x — 임의 모양의 실수 배열 / a float array of any shape;  h — 간격 / the step.
    출력 / Output: x와 같은 모양, 원소마다 (f(x+h) - f(x-h)) / 2h / shaped like x. 끝나면 x는 그대로 / x unchanged.
    """
    x = np.array(x, dtype=float)         # 복사본에서 바꿈 / change a copy
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        keep = x[idx]
        x[idx] = keep + h
        up = f(x)
        x[idx] = keep - h
        down = f(x)
        x[idx] = keep
        grad[idx] = (up - down) / (2 * h)
    return grad
