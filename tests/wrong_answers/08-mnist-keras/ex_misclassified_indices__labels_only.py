# 정수 레이블만 처리 (원-핫 정답을 argmax 없이 비교) / Handles integer labels only (compares one-hot targets without argmax)
def misclassified_indices(t, probs):
    probs = np.asarray(probs)
    wrong = np.flatnonzero(probs.argmax(axis=1) != np.asarray(t))
    return wrong[np.argsort(-probs[wrong].max(axis=1), kind="stable")]
