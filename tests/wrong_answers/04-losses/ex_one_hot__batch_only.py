# 배치에서만 동작 (정수 하나면 모양이 (1, C)) / Works for batches only (shape (1, C) for one integer)
def one_hot(labels, num_classes):
    labels = np.atleast_1d(labels)
    out = np.zeros((len(labels), num_classes))
    out[np.arange(len(labels)), labels] = 1
    return out
