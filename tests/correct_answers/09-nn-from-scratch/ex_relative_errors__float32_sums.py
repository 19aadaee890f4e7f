# 다른 공식: 제곱합의 제곱근을 직접, float32로 / Other formulation: square roots of sums of squares, in float32
def relative_errors(analytic, numeric):
    errors = {}
    for key in analytic:
        a = np.asarray(analytic[key], dtype=np.float32)
        n = np.asarray(numeric[key], dtype=np.float32)
        top = np.sqrt(np.sum((a - n) ** 2))
        bottom = np.sqrt(np.sum(a ** 2)) + np.sqrt(np.sum(n ** 2))
        errors[key] = float(top / bottom) if bottom > 0 else 0.0
    return errors
