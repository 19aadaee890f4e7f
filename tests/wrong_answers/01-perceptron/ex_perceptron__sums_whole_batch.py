# 배치 전체를 한 번에 더함 (샘플 하나에만 맞음) / Sums over the whole batch (right for one sample only)
def perceptron(x, w, b):
    return step_function(np.sum(np.asarray(x) * np.asarray(w)) + b)
