# 평균 대신 합 (1/N 빠뜨림) / Sums the per-sample losses (missing 1/N)
def train_network(params, x, t, lr=1.0, num_epochs=100):
    variables = list(params.values())
    losses = []
    for _ in range(num_epochs):
        with tf.GradientTape() as tape:
            logits = forward(params, x)
            loss = tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=t, logits=logits))
        grads = tape.gradient(loss, variables)
        for variable, grad in zip(variables, grads):
            variable.assign_sub(lr * grad)
        losses.append(float(loss))
    return losses
