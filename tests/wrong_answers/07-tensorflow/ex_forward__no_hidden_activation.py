# 은닉층에 활성화 함수가 없음 (선형 모델이 됨) / No activation in the hidden layer (collapses to a linear model)
def forward(params, x):
    h = dense(x, params["W1"], params["b1"])
    return dense(h, params["W2"], params["b2"])
