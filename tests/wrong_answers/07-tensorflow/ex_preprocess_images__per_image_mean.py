# 축을 잘못 골라 이미지마다 평균을 뺌 / Wrong axis: subtracts each image's own mean
def preprocess_images(images):
    x = tf.cast(images, tf.float32) / 255.0
    x = tf.reshape(x, (x.shape[0], -1))
    return x - tf.reduce_mean(x, axis=1, keepdims=True)
