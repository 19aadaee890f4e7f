# dense 없이 tensordot으로 (샘플 하나도 배치도) / without dense, tensordot (one sample or a batch)
def forward(params, x):
    """얕은 신경망의 로짓 / Logits of the shallow network."""
    x = tf.cast(x, tf.float32)
    h = 1.0 / (1.0 + tf.exp(-(tf.tensordot(x, params["W1"], axes=1) + params["b1"])))
    return tf.tensordot(h, params["W2"], axes=1) + params["b2"]
