# np.sum(W * W)와 dict 복사 / np.sum(W * W) and a dict copy
def l2_penalty(params, weight_decay):
    """L2 벌점 / The L2 penalty: weight_decay / 2 * ("W"로 시작하는 키의 배열 원소 제곱합 / the sum of squares of the
    arrays whose key starts with "W").  입력 / Inputs: params — {이름: 배열} / {name: array};  weight_decay — λ ≥ 0.
    출력 / Output: float."""
    total = 0.0
    for key, value in params.items():
        if key.startswith("W"):
            total += float(np.sum(np.square(value)))
    return 0.5 * weight_decay * total


def l2_grads(params, grads, weight_decay):
    """L2 벌점을 더한 기울기 / Gradients with the L2 penalty added.

    입력 / Inputs: params, grads — 같은 키의 딕셔너리 / dicts with the same keys;  weight_decay — λ.
    출력 / Output: 새 딕셔너리 / a new dict: "W..." → grads + λ·params, 나머지 / others → grads (입력 불변 / inputs unchanged).
    """
    new = dict(grads)
    for key in new:
        if key[0] == "W":
            new[key] = new[key] + weight_decay * params[key]
    return new
