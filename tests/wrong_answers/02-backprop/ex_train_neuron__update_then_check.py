# 갱신한 뒤에 손실을 잼 (첫 손실이 빠짐) / Measures the loss after the update (the first loss is missing)
def train_neuron(x, t, w, b, lr=0.1, num_epochs=200, tol=1e-4):
    losses = []
    for _ in range(num_epochs):
        y = w * x + b
        w = w - lr * (y - t) * x
        b = b - lr * (y - t)
        E = 0.5 * (w * x + b - t) ** 2
        losses.append(E)
        if E < tol:
            break
    return w, b, losses
