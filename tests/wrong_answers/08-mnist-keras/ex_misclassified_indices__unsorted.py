# 틀린 인덱스를 확신 순서로 정렬하지 않음 / Mistakes not ordered by confidence
def misclassified_indices(t, probs):
    probs, t = np.asarray(probs), np.asarray(t)
    labels = t.argmax(axis=1) if t.ndim == 2 else t
    return np.flatnonzero(probs.argmax(axis=1) != labels)
