# 계층 객체 없이 밀린 조각을 쌓은 창과 einsum으로, 역전파를 손으로 / no layer objects: windows stacked from shifted slices and einsum,
# the backward pass by hand; 배치를 array_split으로 나눔 / batches split with array_split
class SimpleConvNet:
    def __init__(self, num_filters=8, filter_size=5, hidden=100, image=28, seed=0):
        rng = np.random.default_rng(seed)
        side = (image - filter_size + 1) // 2
        flat = num_filters * side * side
        self.fs = filter_size
        self.params = {
            "W1": rng.standard_normal((num_filters, 1, filter_size, filter_size)) * np.sqrt(2.0 / filter_size ** 2),
            "b1": np.zeros(num_filters),
            "W2": rng.standard_normal((flat, hidden)) * np.sqrt(2.0 / flat),
            "b2": np.zeros(hidden),
            "W3": rng.standard_normal((hidden, 10)) * np.sqrt(2.0 / hidden),
            "b3": np.zeros(10),
        }

    def _forward(self, x):
        p = self.params
        x = np.asarray(x, dtype=float)
        oh, ow = x.shape[2] - self.fs + 1, x.shape[3] - self.fs + 1
        win = np.stack([np.stack([x[:, 0, u:u + oh, v:v + ow] for v in range(self.fs)], axis=-1)
                        for u in range(self.fs)], axis=-2)   # (N, OH, OW, FH, FW): every window, shifted slices
        conv = np.einsum("nijuv,fuv->nfij", win, p["W1"][:, 0]) + p["b1"][None, :, None, None]
        relu = np.maximum(conv, 0.0)
        n, f, oh, ow = relu.shape
        ph, pw = oh // 2, ow // 2
        blocks = relu[:, :, :2 * ph, :2 * pw].reshape(n, f, ph, 2, pw, 2)
        pooled = blocks.max(axis=(3, 5))
        flat = pooled.reshape(n, -1)
        z2 = flat @ p["W2"] + p["b2"]
        h2 = np.maximum(z2, 0.0)
        return h2 @ p["W3"] + p["b3"], (win, conv, blocks, pooled, flat, z2, h2)

    def predict(self, x):
        return np.concatenate([self._forward(x[i:i + 200])[0] for i in range(0, len(x), 200)])

    def loss(self, x, t):
        s = self.predict(x)
        s = s - s.max(axis=1, keepdims=True)
        log_p = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(t)), np.asarray(t)].mean())

    def gradient(self, x, t):
        t = np.asarray(t)
        s, (win, conv, blocks, pooled, flat, z2, h2) = self._forward(x)
        n = len(t)
        e = np.exp(s - s.max(axis=1, keepdims=True))
        ds = e / e.sum(axis=1, keepdims=True)
        ds[np.arange(n), t] -= 1.0
        ds /= n
        g = {"W3": h2.T @ ds, "b3": ds.sum(axis=0)}
        dz2 = (ds @ self.params["W3"].T) * (z2 > 0)
        g["W2"], g["b2"] = flat.T @ dz2, dz2.sum(axis=0)
        dpooled = (dz2 @ self.params["W2"].T).reshape(pooled.shape)
        _, f, ph, _, pw, _ = blocks.shape
        windows = blocks.transpose(0, 1, 2, 4, 3, 5).reshape(n, f, ph, pw, 4)
        dwin = np.zeros_like(windows)
        np.put_along_axis(dwin, windows.argmax(axis=-1)[..., None], dpooled[..., None], axis=-1)
        drelu = np.zeros_like(conv)
        drelu[:, :, :2 * ph, :2 * pw] = dwin.reshape(n, f, ph, pw, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, f, 2 * ph, 2 * pw)
        dconv = drelu * (conv > 0)
        g["b1"] = dconv.sum(axis=(0, 2, 3))
        g["W1"] = np.einsum("nfij,nijuv->fuv", dconv, win)[:, None]
        return g

    def accuracy(self, x, t):
        return float(np.mean(self.predict(x).argmax(axis=1) == np.asarray(t)))


def sgd_train(net, x, t, num_epochs, lr=0.1, batch_size=50, seed=0):
    rng = np.random.default_rng(seed)
    count = len(x)
    for _ in range(num_epochs):
        for pick in np.array_split(rng.permutation(count), int(np.ceil(count / batch_size))):
            grads = net.gradient(x[pick], t[pick])
            for key, value in net.params.items():
                np.subtract(value, lr * grads[key], out=value)
