# 분모가 0일 때를 처리하지 않음 (nan) / No guard for a zero denominator (nan)
def gradient_check(f, x, analytic_grad, h=1e-4):
    numeric = numerical_gradient(f, x, h)
    analytic = np.asarray(analytic_grad, dtype=float)
    return np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))
