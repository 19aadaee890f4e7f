# 샘플 하나에서만 동작 (x[0], x[1] 사용) / Works for one sample only (uses x[0], x[1])
def xor_gate(x):
    s1 = perceptron(x, *GATE_PARAMS["NAND"])
    s2 = perceptron(x, *GATE_PARAMS["OR"])
    return perceptron(np.array([s1, s2]), *GATE_PARAMS["AND"])
