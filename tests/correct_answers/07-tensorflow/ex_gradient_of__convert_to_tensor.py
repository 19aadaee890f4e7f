# tf.constant로 새 텐서를 만들어 지켜보기 / watch a fresh tensor
def gradient_of(f, x):
    """f의 x에서의 기울기 / The gradient of f at x."""
    x = tf.cast(tf.convert_to_tensor(x), tf.float32)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(x)
        value = f(x)
    return tape.gradient(value, x)
