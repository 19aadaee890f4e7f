# 편향을 빠뜨림 / Forgot the bias
def dense(x, W, b, activation=None):
    a = tf.tensordot(tf.convert_to_tensor(x, dtype=tf.float32), W, axes=1)
    return a if activation is None else activation(a)
