# 흔한 실수: NumPy 1.24에서 제거된 np.int 사용 / Common mistake: np.int, removed in NumPy 1.24
class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = np.array(x > 0, dtype=np.int)
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask
