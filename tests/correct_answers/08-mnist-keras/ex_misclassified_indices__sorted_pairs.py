# (확신, 인덱스) 쌍을 정렬 / sorting (confidence, index) pairs
def misclassified_indices(t, probs):
    """틀린 샘플의 인덱스, 확신이 큰 순서 / Misclassified indices, most confident first."""
    probs = np.asarray(probs, dtype=float)
    labels = np.asarray(t)
    if labels.ndim == 2:
        labels = labels.argmax(axis=1)
    pairs = [(-probs[i].max(), i) for i in range(len(probs)) if probs[i].argmax() != labels[i]]
    pairs.sort()
    return np.array([i for _, i in pairs], dtype=int)
