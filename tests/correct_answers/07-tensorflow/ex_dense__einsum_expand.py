# 샘플 하나를 (1, d)로 늘렸다 되돌리기 / a single sample expanded to (1, d) and back
def dense(x, W, b, activation=None):
    """완전연결층 / A fully connected layer."""
    x = tf.cast(x, tf.float32)
    single = len(x.shape) == 1
    if single:
        x = tf.expand_dims(x, 0)
    a = tf.einsum("nd,dm->nm", x, tf.cast(W, tf.float32)) + tf.cast(b, tf.float32)
    if activation is not None:
        a = activation(a)
    return a[0] if single else a
