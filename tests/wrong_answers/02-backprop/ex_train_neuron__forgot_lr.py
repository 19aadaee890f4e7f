# 학습률을 곱하지 않음 / Forgot to multiply by the learning rate
def train_neuron(x, t, w, b, lr=0.1, num_epochs=200, tol=1e-4):
    losses = []
    for _ in range(num_epochs):
        y, E, grads = neuron_forward_backward(x, w, b, t)
        losses.append(E)
        if E < tol:
            break
        w = w - grads["w"]
        b = b - grads["b"]
    return w, b, losses
