# 배치에서만 동작: 샘플 하나(랭크 1)에 tf.matmul 사용 / Batch only: tf.matmul on a rank-1 sample fails
def dense(x, W, b, activation=None):
    a = tf.matmul(tf.convert_to_tensor(x, dtype=tf.float32), W) + b
    return a if activation is None else activation(a)
