# 다른 공식: rng.normal, 층을 번호로 찾기, 합/개수의 정확도, 매개변수를 제자리에서 흔드는 수치 미분 (함수 없이)
# Other formulations: rng.normal, layers found by index, accuracy as a count over N, and a numerical gradient
# that perturbs each parameter in place itself (without the free function)
class MultiLayerNet:
    def __init__(self, sizes, activation="relu", weight_init_std=0.01, seed=0):
        rng = np.random.default_rng(seed)
        self.params = {}
        self.layers = []
        pairs = list(zip(sizes[:-1], sizes[1:]))
        for i, (fan_in, fan_out) in enumerate(pairs, start=1):
            self.params["W" + str(i)] = rng.normal(0.0, weight_init_std, size=(fan_in, fan_out))
            self.params["b" + str(i)] = np.zeros(fan_out)
        for i in range(1, len(pairs) + 1):
            self.layers.append(Affine(self.params["W" + str(i)], self.params["b" + str(i)]))
            if i != len(pairs):
                self.layers.append(Sigmoid() if activation == "sigmoid" else Relu())
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        return self.last_layer.forward(y, t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1)
        layers = list(self.layers)
        layers.reverse()
        for layer in layers:
            dout = layer.backward(dout)
        grads = {}
        for i in range(1, len(self.layers) // 2 + 2):
            grads["W" + str(i)] = self.layers[2 * (i - 1)].dW
            grads["b" + str(i)] = self.layers[2 * (i - 1)].db
        return grads

    def numerical_gradient(self, x, t, h=1e-4):
        grads = {}
        for key, p in self.params.items():
            g = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                old = p[idx]
                p[idx] = old + h
                up = self.loss(x, t)
                p[idx] = old - h
                down = self.loss(x, t)
                p[idx] = old
                g[idx] = (up - down) / (2 * h)
            grads[key] = g
        return grads
