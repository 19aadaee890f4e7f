# 항상 배치로 펼침: 정수 하나에 모양 (1, K)를 돌려줌 / Always flattens to a batch: a single integer gives shape (1, K)
def to_one_hot(labels, num_classes):
    labels = np.asarray(labels).reshape(-1)
    return np.eye(num_classes, dtype=np.float32)[labels]
