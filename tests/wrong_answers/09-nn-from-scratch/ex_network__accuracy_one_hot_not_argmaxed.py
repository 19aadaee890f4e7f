# 원-핫 정답을 argmax 하지 않고 비교 / one-hot targets compared without argmax
class MultiLayerNet:
    """계층의 리스트로 만든 완전 연결 신경망 / A fully connected network built as a list of layers.

    __init__(sizes, activation="relu", weight_init_std=0.01, seed=0):
        sizes — [입력 수, 은닉 크기..., 클래스 수] / [inputs, hidden sizes..., classes], 예 / e.g. [784, 100, 10];
        activation — "relu" 또는 / or "sigmoid";  rng = np.random.default_rng(seed) 로
        W_i = weight_init_std * 표준 정규 난수 / standard normal draws, 모양 / shape (sizes[i-1], sizes[i]);
        b_i = 0, 모양 / shape (sizes[i],).
        self.params = {"W1": ..., "b1": ..., "W2": ...};
        self.layers = [Affine, 활성화 / activation, Affine, ..., Affine] (params와 같은 배열 / the same arrays);
        self.last_layer = SoftmaxWithLoss().
    predict(x): x (N, sizes[0]) → 점수(로짓) / scores (logits) (N, sizes[-1]).
    loss(x, t): t — 레이블 (N,) 또는 원-핫 (N, C) / labels or one-hot → 스칼라 / a scalar.
    accuracy(x, t): 맞힌 비율 / the fraction right, float.
    gradient(x, t): 역전파 / backprop → {"W1": dW1, "b1": db1, ...} (params와 같은 키·모양 / same keys, shapes).
    numerical_gradient(x, t): 수치 미분 / numerical → 같은 딕셔너리 / the same dict; 끝나면 params 그대로 / params unchanged.
    """

    def __init__(self, sizes, activation="relu", weight_init_std=0.01, seed=0):
        rng = np.random.default_rng(seed)
        self.sizes = list(sizes)
        self.params = {}
        self.layers = []
        depth = len(self.sizes) - 1
        for i in range(1, depth + 1):
            self.params[f"W{i}"] = weight_init_std * rng.standard_normal((self.sizes[i - 1], self.sizes[i]))
            self.params[f"b{i}"] = np.zeros(self.sizes[i])
            self.layers.append(Affine(self.params[f"W{i}"], self.params[f"b{i}"]))
            if i < depth:
                self.layers.append(Relu() if activation == "relu" else Sigmoid())
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        out = x
        for layer in self.layers:
            out = layer.forward(out)
        return out

    def loss(self, x, t):
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, t):
        guesses = np.argmax(self.predict(x), axis=1)
        t = np.asarray(t)
        labels = t
        return float(np.mean(guesses == labels))

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in self.layers[::-1]:
            dout = layer.backward(dout)
        grads = {}
        affines = [layer for layer in self.layers if isinstance(layer, Affine)]
        for i, layer in enumerate(affines, start=1):
            grads[f"W{i}"] = layer.dW
            grads[f"b{i}"] = layer.db
        return grads

    def numerical_gradient(self, x, t):
        grads = {}
        for key, param in self.params.items():
            def loss_at(value, param=param):
                saved = param.copy()
                param[...] = value            # 층이 보는 바로 그 배열에 씀 / into the array the layer holds
                result = self.loss(x, t)
                param[...] = saved
                return result
            grads[key] = numerical_gradient(loss_at, param)
        return grads
