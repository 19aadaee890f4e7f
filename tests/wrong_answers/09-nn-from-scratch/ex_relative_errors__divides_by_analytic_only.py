# 분모가 ||a|| 뿐 / divides by ||a|| only
def relative_errors(analytic, numeric):
    """매개변수마다 상대 오차 / The relative error per parameter.

    입력 / Inputs: analytic, numeric — 같은 키, 키마다 같은 모양의 배열 딕셔너리 (역전파, 수치 미분)
                   / dicts of arrays with the same keys and shapes (backprop, numerical).
    출력 / Output: {key: ||a - n|| / (||a|| + ||n||)} (파이썬 float; 분모가 0이면 0.0)
                   / Python floats; 0.0 when the denominator is 0. 입력은 바꾸지 않음 / inputs unchanged.
    """
    result = {}
    for key in analytic:
        a = np.asarray(analytic[key], dtype=float)
        n = np.asarray(numeric[key], dtype=float)
        scale = np.linalg.norm(a) + (np.linalg.norm(n) if not np.linalg.norm(a) else 0.0)
        result[key] = 0.0 if scale == 0 else float(np.linalg.norm(a - n) / scale)
    return result
