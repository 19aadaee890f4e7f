# 실수 입력을 제자리에서 나눔 (호출한 쪽의 배열이 바뀜) / Divides float input in place (the caller's array changes)
def normalize(x):
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        x /= 255.0
        return x.astype(np.float32)
    return np.asarray(x, dtype=np.float32) / 255.0
