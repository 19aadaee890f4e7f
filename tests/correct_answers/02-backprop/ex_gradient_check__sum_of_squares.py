# 노름을 제곱합의 제곱근으로 / norms as square roots of sums of squares
def gradient_check(f, x, analytic_grad, h=1e-4):
    """역전파 기울기를 수치 기울기와 비교 / Compare a backprop gradient with the numerical one."""
    n = numerical_gradient(f, x, h)
    a = np.asarray(analytic_grad, dtype=float)
    below = np.sqrt(np.sum(a ** 2)) + np.sqrt(np.sum(n ** 2))
    return 0.0 if below == 0 else float(np.sqrt(np.sum((a - n) ** 2)) / below)
