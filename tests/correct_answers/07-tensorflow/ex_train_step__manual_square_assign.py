# tf.square와 assign / tf.square and assign
def train_step(w, b, x, t, lr):
    """선형 회귀의 경사 하강 한 단계 / One gradient-descent step of linear regression."""
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.square(w * x + b - t)) / tf.cast(tf.size(x), tf.float32)
    grads = tape.gradient(loss, [w, b])
    w.assign(w - lr * grads[0])
    b.assign(b - lr * grads[1])
    return loss
