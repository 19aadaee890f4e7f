# dense 없이 직접 / without dense
def forward(params, x):
    """얕은 신경망의 로짓 / Logits of the shallow network."""
    x = tf.cast(x, tf.float32)
    h = 1.0 / (1.0 + tf.exp(-(tf.matmul(x, params["W1"]) + params["b1"])))
    return tf.matmul(h, params["W2"]) + params["b2"]
