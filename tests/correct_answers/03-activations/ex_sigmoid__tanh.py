# tanh 항등식 σ(x) = (1 + tanh(x/2)) / 2 / the identity σ(x) = (1 + tanh(x/2)) / 2
def sigmoid(x):
    """넘치지 않는 시그모이드 / A sigmoid that does not overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=float)))
