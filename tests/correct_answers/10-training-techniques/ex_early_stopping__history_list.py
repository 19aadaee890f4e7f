# 검증 손실 목록으로 / with a list of validation losses
class EarlyStopping:
    """검증 손실로 조기 종료 / Early stopping on the validation loss.

    __init__(patience=5).  step(val_loss, params) → bool: 에포크마다 / per epoch; 개선(더 작음)이면 best_loss, best_epoch,
    best_params(복사본 / copies) 갱신 / on improvement (lower) update them; patience 번 연달아 개선 없으면 True
    / True after patience epochs in a row without improvement.
    """

    def __init__(self, patience=5):
        self.patience = patience
        self.best_loss = np.inf
        self.best_epoch = None
        self.best_params = None
        self.epoch = -1
        self.waited = 0

    def step(self, val_loss, params):
        self.epoch += 1
        history = [] if self.epoch == 0 else self.history
        history.append(float(val_loss))
        self.history = history
        if val_loss < min(history[:-1], default=np.inf):
            self.best_loss = float(val_loss)
            self.best_epoch = self.epoch
            self.best_params = {key: value.copy() for key, value in params.items()}
            self.waited = 0
        else:
            self.waited += 1
        return self.waited >= self.patience
