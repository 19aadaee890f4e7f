# 상대 오차 대신 절대 오차 / Absolute instead of relative error
def gradient_check(f, x, analytic_grad, h=1e-4):
    numeric = numerical_gradient(f, x, h)
    return float(np.linalg.norm(np.asarray(analytic_grad) - numeric))
