# 입력을 클래스에 저장해 모든 곱셈 계층이 공유 / Stores the inputs on the class, so all multiply layers share them
class MulLayer:
    x = None
    y = None

    def forward(self, x, y):
        MulLayer.x = x
        MulLayer.y = y
        return x * y

    def backward(self, dout):
        return dout * MulLayer.y, dout * MulLayer.x
