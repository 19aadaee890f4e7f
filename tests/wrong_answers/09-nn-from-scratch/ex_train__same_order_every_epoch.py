# 에포크마다 새 생성기: 매번 같은 순서 / a new generator every epoch: the same order each time
def train(net, optimizer, x_train, t_train, x_test, t_test, num_epochs=10, batch_size=100, seed=0):
    """미니배치 학습 / Mini-batch training.

    입력 / Inputs: net — params, gradient(x, t), loss(x, t), accuracy(x, t) 를 가진 신경망 / a network;
                   optimizer — update(params, grads) 를 가진 옵티마이저 / an optimizer;
                   x_train (N, D), t_train (N,) 또는 / or (N, C); x_test, t_test — 시험 데이터 / test data;
                   num_epochs — 에포크 수 / epochs;  batch_size — 배치 크기 / batch size;  seed — 섞기 시드 / shuffle seed.
    과정 / Steps: rng = np.random.default_rng(seed) 하나로, 에포크마다 order = rng.permutation(N),
                  배치 = order[i:i + batch_size] (i = 0, batch_size, ...; 마지막은 더 작을 수 있음 / the last may be smaller);
                  배치마다 손실 기록(갱신 전) → gradient → optimizer.update(net.params, grads);
                  에포크가 끝나면 학습·시험 정확도 기록 / per batch: record the loss (before the update),
                  gradient, update; after each epoch: record the train and test accuracy.
    출력 / Output: {"loss": 반복마다 / per iteration, "train_acc": 에포크마다 / per epoch, "test_acc": 에포크마다
                   / per epoch} — float 리스트 / lists of floats.
    """
    rng = np.random.default_rng(seed)
    history = {"loss": [], "train_acc": [], "test_acc": []}
    num_samples = len(x_train)
    for _epoch in range(num_epochs):
        order = np.random.default_rng(seed).permutation(num_samples)
        for first in range(0, num_samples, batch_size):
            rows = order[first:first + batch_size]
            x_batch, t_batch = x_train[rows], t_train[rows]
            history["loss"].append(float(net.loss(x_batch, t_batch)))
            grads = net.gradient(x_batch, t_batch)
            optimizer.update(net.params, grads)
        history["train_acc"].append(float(net.accuracy(x_train, t_train)))
        history["test_acc"].append(float(net.accuracy(x_test, t_test)))
    return history
