# 편향을 갱신하지 않음 / Bias not updated
def train_step(w, b, x, t, lr):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((w * x + b - t) ** 2)
    dw = tape.gradient(loss, w)
    w.assign_sub(lr * dw)
    return loss
