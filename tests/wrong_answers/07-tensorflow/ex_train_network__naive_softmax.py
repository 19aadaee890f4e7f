# 최댓값을 빼지 않은 소프트맥스: 큰 로짓에서 exp가 넘침 / Softmax without subtracting the max: exp overflows
def train_network(params, x, t, lr=1.0, num_epochs=100):
    variables = list(params.values())
    losses = []
    for _ in range(num_epochs):
        with tf.GradientTape() as tape:
            logits = forward(params, x)
            probs = tf.exp(logits) / tf.reduce_sum(tf.exp(logits), axis=1, keepdims=True)
            picked = tf.gather(probs, t, axis=1, batch_dims=1)
            loss = -tf.reduce_mean(tf.math.log(picked))
        grads = tape.gradient(loss, variables)
        for variable, grad in zip(variables, grads):
            variable.assign_sub(lr * grad)
        losses.append(float(loss))
    return losses
