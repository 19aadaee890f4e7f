# np.heaviside(a, 0)로 / with np.heaviside(a, 0)
def step_function(a):
    """계단 함수 / The step function."""
    return np.heaviside(np.asarray(a, dtype=float), 0.0).astype(int)
