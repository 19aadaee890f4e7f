# 출력 대신 입력으로 1 - x² 를 계산 / Computes 1 - x² from the input instead of the output
class Tanh:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.x = np.array(x, dtype=float)
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.x ** 2)
