# 매개변수를 복사한 새 Variable을 학습시켜 원래 params는 그대로 / Trains copies; the given params never change
def train_network(params, x, t, lr=1.0, num_epochs=100):
    params = {name: tf.Variable(value) for name, value in params.items()}
    variables = list(params.values())
    losses = []
    for _ in range(num_epochs):
        with tf.GradientTape() as tape:
            logits = forward(params, x)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=t, logits=logits))
        grads = tape.gradient(loss, variables)
        for variable, grad in zip(variables, grads):
            variable.assign_sub(lr * grad)
        losses.append(float(loss))
    return losses
