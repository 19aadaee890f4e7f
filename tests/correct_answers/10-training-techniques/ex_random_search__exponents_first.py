# 지수를 먼저 모두 뽑기 / all exponents drawn first
def random_search(train_fn, x_train, t_train, x_val, t_val, num_trials=10, lr_range=(1e-3, 1.0),
                  wd_range=(1e-6, 1e-1), seed=0):
    """학습률과 가중치 감소의 로그 척도 무작위 탐색 / Random search of the learning rate and weight decay on a log scale.

    입력 / Inputs: train_fn(lr, weight_decay, x_train, t_train, x_val, t_val) → 검증 정확도 / validation accuracy;
                   학습·검증 데이터 / training and validation data;  num_trials — 시도 수 / trials;
                   lr_range, wd_range — (최소, 최대) / (low, high);  seed — rng 시드 / the rng seed.
    출력 / Output: (best, trials) — trials: [{"lr", "weight_decay", "val_acc"}, ...] 시도 순서대로 / in order;
                   best: val_acc 가 가장 큰 것 / the one with the highest val_acc.
    """
    rng = np.random.default_rng(seed)
    trials = []
    lrs = np.exp(rng.uniform(np.log(lr_range[0]), np.log(lr_range[1]), size=num_trials))
    wds = np.exp(rng.uniform(np.log(wd_range[0]), np.log(wd_range[1]), size=num_trials))
    for lr, weight_decay in zip(lrs, wds):
        score = train_fn(lr, weight_decay, x_train, t_train, x_val, t_val)
        trials.append({"lr": float(lr), "weight_decay": float(weight_decay), "val_acc": float(score)})
    best = max(trials, key=lambda trial: trial["val_acc"])
    return best, trials
