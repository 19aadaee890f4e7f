# w = w - lr*dw: 이름만 새 텐서를 가리키고 Variable은 그대로 / Rebinds the names; the Variables never change
def train_step(w, b, x, t, lr):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((w * x + b - t) ** 2)
    dw, db = tape.gradient(loss, [w, b])
    w = w - lr * dw
    b = b - lr * db
    return loss
