# tf.cast 없이 나눗셈: int32 입력이면 float64가 됨 / Divides without tf.cast: int32 input gives float64
def preprocess_images(images):
    x = tf.convert_to_tensor(images) / 255
    x = tf.reshape(x, (x.shape[0], -1))
    return x - tf.reduce_mean(x, axis=0)
