# 갱신한 뒤의 손실을 돌려줌 / Returns the loss after the update
def train_step(w, b, x, t, lr):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((w * x + b - t) ** 2)
    dw, db = tape.gradient(loss, [w, b])
    w.assign_sub(lr * dw)
    b.assign_sub(lr * db)
    return tf.reduce_mean((w * x + b - t) ** 2)
