# 행 번호 없이 열 전체에 1을 씀 / Sets whole columns to 1 (no row numbers)
def one_hot(labels, num_classes):
    labels = np.asarray(labels)
    out = np.zeros((labels.size, num_classes))
    out[:, labels] = 1
    return out.reshape(labels.shape + (num_classes,))
