# 클래스 수를 인자 대신 레이블의 최댓값에서 구함 / Takes the number of classes from the largest label, not the argument
def one_hot(labels, num_classes):
    labels = np.asarray(labels)
    return np.eye(int(labels.max()) + 1)[labels]
