# 출력에 소프트맥스를 씌워 확률을 돌려줌 / Applies a softmax at the output (probabilities, not logits)
def forward(params, x):
    h = dense(x, params["W1"], params["b1"], tf.sigmoid)
    return dense(h, params["W2"], params["b2"], tf.nn.softmax)
