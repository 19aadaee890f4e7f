# 원소마다의 기울기 배열을 기억 (mask 대신), float32 / Remembers the per-element slope (instead of a mask), float32
class LeakyRelu:
    def __init__(self, alpha=0.01):
        self.alpha = alpha
        self.slope = None

    def forward(self, x):
        x = np.asarray(x, dtype=np.float32)
        self.slope = np.ones_like(x)
        self.slope[x <= 0] = self.alpha
        return x * self.slope

    def backward(self, dout):
        return np.asarray(dout, dtype=np.float32) * self.slope
