# 행렬 곱 대신 원소 곱의 합 / a sum of elementwise products instead of a matrix product
def perceptron(x, w, b):
    """퍼셉트론의 출력 / The output of a perceptron."""
    weighted = np.sum(np.asarray(x, dtype=float) * np.asarray(w, dtype=float), axis=-1) + b
    return step_function(weighted)
