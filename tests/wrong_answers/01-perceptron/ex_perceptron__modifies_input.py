# 입력 배열을 제자리에서 바꿈 / Modifies the input in place
def perceptron(x, w, b):
    x = np.asarray(x)
    if x.dtype.kind == "f":
        x *= np.asarray(w)
        return step_function(x.sum(axis=-1) + b)
    return step_function(x @ np.asarray(w) + b)
