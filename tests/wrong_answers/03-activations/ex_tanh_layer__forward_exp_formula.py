# 정의식을 그대로 옮겨 큰 입력에서 nan / Copies the definition, giving nan for large inputs
class Tanh:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out ** 2)
