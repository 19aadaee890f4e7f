# 모든 것을 1차원으로 폄 (-1만 사용) / Flattens everything into one axis (only -1)
def preprocess_images(images):
    x = tf.cast(images, tf.float32) / 255.0
    x = tf.reshape(x, (-1,))
    return x - tf.reduce_mean(x)
