# 다른 공식: 열마다 반복, 불리언 마스크의 곱 / another formulation: a loop over columns, products with boolean masks
class FixedPReLU:
    """역전파를 고친 PReLU / PReLU with its backward pass fixed.

    __init__(a): a — (M,) 뉴런마다 음수 쪽 기울기, 복사하지 않음 / the negative-side slope per unit, not copied.
    forward(x): x (N, M) → x 가 양수인 곳은 x, 나머지는 a * x / x where x > 0, a * x elsewhere (PReLU와 같음 / as PReLU).
    backward(dout): dout (N, M) → dx = dL/dx (N, M);  self.da = dL/da (M,). dout은 바꾸지 않음 / dout unchanged.
    """

    def __init__(self, a):
        self.a = a
        self.x = None
        self.da = None

    def forward(self, x):
        self.x = np.asarray(x, dtype=float)
        return np.where(self.x > 0, self.x, self.a * self.x)

    def backward(self, dout):
        negative = (self.x <= 0).astype(float)
        self.da = np.zeros(self.x.shape[1])
        for j in range(self.x.shape[1]):
            self.da[j] = float(dout[:, j] @ (self.x[:, j] * negative[:, j]))
        slope = (1.0 - negative) + negative * np.asarray(self.a, dtype=float)
        return dout * slope
