# 출력층(W2, b2)만 갱신 / Updates only the output layer (W2, b2)
def train_network(params, x, t, lr=1.0, num_epochs=100):
    variables = [params["W2"], params["b2"]]
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
