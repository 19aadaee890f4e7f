# 정수 상태에서 평균을 구해 소수점이 잘림 / Takes the mean while still integers, so it is truncated
def preprocess_images(images):
    images = tf.convert_to_tensor(images)
    n = images.shape[0]
    mean_image = tf.cast(tf.reduce_mean(tf.reshape(images, (n, -1)), axis=0), tf.float32) / 255.0
    x = tf.reshape(tf.cast(images, tf.float32) / 255.0, (n, -1))
    return x - mean_image
