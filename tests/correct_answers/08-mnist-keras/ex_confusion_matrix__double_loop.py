# 이중 반복문 / a double loop
def confusion_matrix(t, y, num_classes):
    """혼동 행렬 M[정답, 예측] / The confusion matrix M[true, predicted]."""
    t, y = np.asarray(t).astype(int), np.asarray(y).astype(int)
    M = np.zeros((num_classes, num_classes), dtype=int)
    for i in range(num_classes):
        for j in range(num_classes):
            M[i, j] = np.count_nonzero((t == i) & (y == j))
    return M
