# 노트의 실수: 손실 대신 y == t 로 멈춤 (실수는 거의 같아지지 않음) / The notes' mistake: stops on y == t (floats are rarely equal)
def train_neuron(x, t, w, b, lr=0.1, num_epochs=200, tol=1e-4):
    losses = []
    for epoch in range(num_epochs):
        y = w * x + 1 * b
        losses.append((y - t) ** 2 / 2)
        yb = y - t
        xb = yb * x
        wb = yb * x
        bb = yb * 1
        w = w - wb * lr
        b = b - bb * lr
        if y == t:
            break
    return w, b, losses
