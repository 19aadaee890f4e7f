# 텐서 대신 NumPy 배열을 돌려줌 / Returns a NumPy array instead of a tensor
def gradient_of(f, x):
    x = tf.cast(x, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x).numpy()
