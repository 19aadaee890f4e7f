# 행과 열이 바뀜 (행 = 예측, 열 = 정답) / Rows and columns swapped (rows = predicted, columns = true)
def confusion_matrix(t, y, num_classes):
    M = np.zeros((num_classes, num_classes), dtype=np.int64)
    for a, b in zip(t, y):
        M[b, a] += 1
    return M
