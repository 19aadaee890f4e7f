# 로짓을 from_logits=False 인 케라스 손실에 넣음 / Feeds logits to a Keras loss with from_logits=False
def train_network(params, x, t, lr=1.0, num_epochs=100):
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy()
    variables = list(params.values())
    losses = []
    for _ in range(num_epochs):
        with tf.GradientTape() as tape:
            loss = loss_fn(t, forward(params, x))
        grads = tape.gradient(loss, variables)
        for variable, grad in zip(variables, grads):
            variable.assign_sub(lr * grad)
        losses.append(float(loss))
    return losses
