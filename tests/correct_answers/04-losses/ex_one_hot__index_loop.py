# 0 배열에 레이블마다 1을 씀 / ones written into zeros, label by label
def one_hot(labels, num_classes):
    """정수 레이블을 원-핫 벡터로 / Integer labels to one-hot vectors."""
    labels = np.asarray(labels)
    out = np.zeros(labels.shape + (num_classes,))
    for idx in np.ndindex(labels.shape):
        out[idx + (int(labels[idx]),)] = 1.0
    return out
