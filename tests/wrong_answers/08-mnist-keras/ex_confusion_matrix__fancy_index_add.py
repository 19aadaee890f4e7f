# M[t, y] += 1: 같은 (정답, 예측) 쌍이 여러 번 나와도 한 번만 셈 / M[t, y] += 1 counts a repeated (true, predicted) pair only once
def confusion_matrix(t, y, num_classes):
    M = np.zeros((num_classes, num_classes), dtype=np.int64)
    M[np.asarray(t), np.asarray(y)] += 1
    return M
