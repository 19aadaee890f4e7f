# 역전파에서 ReLU를 건너뜀 / the backward pass skips the ReLUs
class SimpleConvNet:
    """합성곱 신경망 / A convolutional network: conv - ReLU - max pool 2x2 - affine - ReLU - affine (+ softmax loss).

    __init__(num_filters=8, filter_size=5, hidden=100, image=28, seed=0):
        params = {"W1": (FN, 1, FH, FH), "b1": (FN,), "W2": (FN*P*P, hidden), "b2": (hidden,),
                  "W3": (hidden, 10), "b3": (10,)} — P: 풀링 뒤의 크기 / the size after pooling;
        He 초기화, 편향 0 / He initialization, zero biases (rng = np.random.default_rng(seed)).
    predict(x): x (N, 1, image, image) → 점수 / scores (N, 10).
    loss(x, t): 배치 평균 교차 엔트로피 / the batch-mean cross-entropy (t 레이블 / labels (N,)).
    gradient(x, t): 역전파 / backpropagation → params 와 같은 키·모양의 dict / a dict with the keys and shapes of params.
    accuracy(x, t): 맞힌 비율 / the fraction right.
    """

    def __init__(self, num_filters=8, filter_size=5, hidden=100, image=28, seed=0):
        rng = np.random.default_rng(seed)
        pooled = conv_output_size(conv_output_size(image, filter_size), 2, 2)
        flat = num_filters * pooled * pooled
        he = lambda shape, fan_in: rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)  # noqa: E731
        self.params = {"W1": he((num_filters, 1, filter_size, filter_size), filter_size ** 2), "b1": np.zeros(num_filters),
                       "W2": he((flat, hidden), flat), "b2": np.zeros(hidden),
                       "W3": he((hidden, 10), hidden), "b3": np.zeros(10)}
        self.layers = [Convolution(self.params["W1"], self.params["b1"]), Relu(), MaxPooling(2, 2),
                       Affine(self.params["W2"], self.params["b2"]), Relu(),
                       Affine(self.params["W3"], self.params["b3"])]
        self.loss_layer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.loss_layer.forward(self.predict(x), t)

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.loss_layer.backward(1)
        for layer in self.layers[::-1]:
            if isinstance(layer, Relu):
                continue
            dout = layer.backward(dout)
        conv, affine2, affine3 = self.layers[0], self.layers[3], self.layers[5]
        return {"W1": conv.dW, "b1": conv.db, "W2": affine2.dW, "b2": affine2.db, "W3": affine3.dW, "b3": affine3.db}

    def accuracy(self, x, t, batch_size=500):
        right = 0
        for start in range(0, len(x), batch_size):
            right += int(np.sum(self.predict(x[start:start + batch_size]).argmax(axis=1) == t[start:start + batch_size]))
        return right / len(x)


def sgd_train(net, x, t, num_epochs, lr=0.1, batch_size=50, seed=0):
    """미니배치 SGD / Mini-batch SGD.

    입력 / Inputs: net (params, gradient(x, t) 가 있는 신경망 / a network with params and gradient(x, t));
                   x (N, ...), t (N,);  num_epochs;  lr;  batch_size;  seed (에포크마다 섞는 순서 / the shuffle of each epoch).
    net.params 의 배열을 제자리에서 바꿉니다 / updates the arrays of net.params in place: W -= lr * dW.
    출력 / Output: 없음 / none (net.params 가 바뀜 / net.params is changed).
    """
    rng = np.random.default_rng(seed)
    for epoch in range(num_epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            pick = order[start:start + batch_size]
            grads = net.gradient(x[pick], t[pick])
            for key in net.params:
                net.params[key] -= lr * grads[key]
