# 예측을 직접 계산 / the prediction computed directly
def perceptron_update(w, b, x, t, lr):
    """퍼셉트론 학습 규칙을 한 번 적용 / One step of the perceptron learning rule."""
    x = np.asarray(x, dtype=float)
    w = np.array(w, dtype=float)
    y = 1 if float(np.dot(w, x)) + b > 0 else 0
    step = lr * (t - y)
    return w + step * x, b + step
