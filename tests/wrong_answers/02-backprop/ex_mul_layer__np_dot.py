# 원소별 곱 대신 np.dot 사용 (숫자에서만 맞음) / Uses np.dot instead of the elementwise product (right for numbers only)
class MulLayer:
    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x = x
        self.y = y
        return np.dot(x, y)

    def backward(self, dout):
        return dout * self.y, dout * self.x
