# 노름 대신 최댓값으로 나눔 / Uses maxima instead of norms
def gradient_check(f, x, analytic_grad, h=1e-4):
    numeric = numerical_gradient(f, x, h)
    analytic = np.asarray(analytic_grad, dtype=float)
    denominator = np.max(np.abs(analytic)) + np.max(np.abs(numeric))
    if denominator == 0:
        return 0.0
    return float(np.max(np.abs(analytic - numeric)) / denominator)
