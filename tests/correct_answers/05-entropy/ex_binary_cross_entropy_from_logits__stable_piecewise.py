# max(z, 0) - t z + log(1 + exp(-|z|)) (TensorFlow의 식 / TensorFlow's formula)
def binary_cross_entropy_from_logits(z, t):
    """로짓에서 평균 BCE / Mean BCE from logits."""
    z = np.asarray(z, dtype=np.float32)
    t = np.asarray(t, dtype=np.float32)
    return float(np.mean(np.maximum(z, 0) - t * z + np.log1p(np.exp(-np.abs(z)))))
