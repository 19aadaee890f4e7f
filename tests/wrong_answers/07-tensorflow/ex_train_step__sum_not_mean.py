# 평균 대신 합 (1/N 빠뜨림) / Sum instead of mean (missing 1/N)
def train_step(w, b, x, t, lr):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum((w * x + b - t) ** 2)
    dw, db = tape.gradient(loss, [w, b])
    w.assign_sub(lr * dw)
    b.assign_sub(lr * db)
    return loss
