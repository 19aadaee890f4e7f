# 정확한 0/1 입력만 처리하는 표 조회 / Looks up a table, so only exact 0/1 inputs work
def xor_gate(x):
    x = np.asarray(x)
    return (x[..., 0] != x[..., 1]).astype(int)
