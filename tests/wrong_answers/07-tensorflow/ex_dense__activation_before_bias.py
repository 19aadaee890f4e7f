# 편향을 더하기 전에 활성화 / Applies the activation before adding the bias
def dense(x, W, b, activation=None):
    x = tf.convert_to_tensor(x, dtype=tf.float32)
    a = tf.matmul(tf.reshape(x, (-1, x.shape[-1])), W)
    if activation is not None:
        a = activation(a)
    a = a + b
    return tf.reshape(a, (-1,)) if x.shape.rank == 1 else a
