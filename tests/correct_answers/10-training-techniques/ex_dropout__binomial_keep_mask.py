# binomial로 남길 마스크 / a keep mask from binomial
class Dropout:
    """역 드롭아웃 / Inverted dropout.

    __init__(ratio=0.5, seed=0): ratio — 끄는 확률 p / the probability p of switching off;  self.rng 로 마스크 / masks from self.rng.
    forward(x, train=True): 학습 / training → x * mask / (1 - ratio) (호출마다 새 마스크 / a new mask per call);
                            추론 / inference → x 그대로 / x unchanged.
    backward(dout): dout * mask / (1 - ratio) (마지막 학습 순전파의 마스크 / the mask of the last training pass).
    """

    def __init__(self, ratio=0.5, seed=0):
        self.ratio = ratio
        self.rng = np.random.default_rng(seed)
        self.params, self.grads = {}, {}
        self.mask = None

    def forward(self, x, train=True):
        x = np.asarray(x, dtype=float)
        if not train:
            return x
        keep = self.rng.binomial(1, 1.0 - self.ratio, size=x.shape)
        self.mask = keep / (1.0 - self.ratio)
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask
