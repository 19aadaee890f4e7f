# 로그 소프트맥스를 직접, 키마다 갱신 / log-softmax by hand, update per key
def train_network(params, x, t, lr=1.0, num_epochs=100):
    """배치 경사 하강법으로 얕은 신경망 학습 / Train the shallow network by full-batch gradient descent."""
    keys = list(params)
    losses = []
    for _ in range(num_epochs):
        with tf.GradientTape() as tape:
            logits = forward(params, x)
            log_probs = tf.nn.log_softmax(logits, axis=1)
            picked = tf.gather(log_probs, tf.cast(t, tf.int32), axis=1, batch_dims=1)
            loss = -tf.reduce_mean(picked)
        grads = tape.gradient(loss, [params[k] for k in keys])
        for k, g in zip(keys, grads):
            params[k].assign_sub(lr * g)
        losses.append(float(loss.numpy()))
    return losses
