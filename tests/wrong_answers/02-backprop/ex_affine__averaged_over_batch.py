# dW, db를 배치 합 대신 평균으로 구함 / dW and db averaged over the batch instead of summed
class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        N = dout.shape[0]
        self.dW = self.x.T @ dout / N
        self.db = np.sum(dout, axis=0) / N
        return dout @ self.W.T
