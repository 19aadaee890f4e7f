# float32로 바꾸지 않음: 정수 입력이면 기울기가 None / No cast to float32: an integer input gives None
def gradient_of(f, x):
    x = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    return tape.gradient(y, x)
