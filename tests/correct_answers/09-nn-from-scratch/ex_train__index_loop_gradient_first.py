# 다른 공식: 배치 번호로 자르기, 기울기를 먼저 구하고 (갱신 전) 손실 기록
# Other formulation: slices by batch number; the gradient first, then the loss (still before the update)
def train(net, optimizer, x_train, t_train, x_test, t_test, num_epochs=10, batch_size=100, seed=0):
    rng = np.random.default_rng(seed)
    train_size = x_train.shape[0]
    iters = int(np.ceil(train_size / batch_size))
    losses, train_accs, test_accs = [], [], []
    for epoch in range(num_epochs):
        perm = rng.permutation(train_size)
        for i in range(iters):
            batch_mask = perm[i * batch_size:(i + 1) * batch_size]
            grad = net.gradient(x_train[batch_mask], t_train[batch_mask])
            losses.append(net.loss(x_train[batch_mask], t_train[batch_mask]))
            optimizer.update(net.params, grad)
        train_accs.append(net.accuracy(x_train, t_train))
        test_accs.append(net.accuracy(x_test, t_test))
    return {"loss": losses, "train_acc": train_accs, "test_acc": test_accs}
