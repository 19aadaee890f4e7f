# 기울기 방향으로 올라감 (assign_add) / Climbs the gradient (assign_add)
def train_step(w, b, x, t, lr):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((w * x + b - t) ** 2)
    dw, db = tape.gradient(loss, [w, b])
    w.assign_add(lr * dw)
    b.assign_add(lr * db)
    return loss
