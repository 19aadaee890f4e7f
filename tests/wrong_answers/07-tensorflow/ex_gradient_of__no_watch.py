# 상수를 watch하지 않아 None이 나옴 / Does not watch the constant, so the gradient is None
def gradient_of(f, x):
    x = tf.cast(x, tf.float32)
    with tf.GradientTape() as tape:
        y = f(x)
    return tape.gradient(y, x)
