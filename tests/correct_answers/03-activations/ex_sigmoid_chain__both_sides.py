# σ'(z) = σ(z) σ(-z) 로 / with σ'(z) = σ(z) σ(-z)
def sigmoid_chain(x, num_layers):
    """시그모이드를 거듭 적용한 출력과 기울기 / Output and gradient of stacked sigmoids."""
    z = np.array(x, dtype=float)
    grad = np.ones_like(z)
    for _ in range(num_layers):
        grad = grad * sigmoid(z) * sigmoid(-z)
        z = sigmoid(z)
    return z, grad
