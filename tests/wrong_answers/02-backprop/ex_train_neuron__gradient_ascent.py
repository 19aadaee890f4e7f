# 기울기 방향으로 올라감 (+ lr * grad) / Moves up the gradient (+ lr * grad)
def train_neuron(x, t, w, b, lr=0.1, num_epochs=200, tol=1e-4):
    losses = []
    for _ in range(num_epochs):
        y, E, grads = neuron_forward_backward(x, w, b, t)
        losses.append(E)
        if E < tol:
            break
        w = w + lr * grads["w"]
        b = b + lr * grads["b"]
    return w, b, losses
