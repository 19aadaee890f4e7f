# 평균을 먼저 빼고 255로 나누기 / subtract the mean first, then divide by 255
def preprocess_images(images):
    """이미지를 실수로 바꾸고, 펴고, 평균 이미지를 뺍니다 / Scale, flatten and center images."""
    x = tf.cast(images, tf.float32)
    n = tf.shape(x)[0]
    x = tf.reshape(x, (n, -1))
    return (x - tf.reduce_mean(x, axis=0, keepdims=True)) / 255.0
