# 샘플 하나에 (1, d_out)을 돌려줌 / Returns (1, d_out) for one sample
def dense(x, W, b, activation=None):
    x = tf.convert_to_tensor(x, dtype=tf.float32)
    a = tf.matmul(tf.reshape(x, (-1, x.shape[-1])), W) + b
    return a if activation is None else activation(a)
