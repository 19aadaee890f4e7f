# 두 번째 층에 OR 사용 / OR in the second layer
def xor_gate(x):
    s1 = perceptron(x, *GATE_PARAMS["NAND"])
    s2 = perceptron(x, *GATE_PARAMS["OR"])
    return perceptron(np.stack([s1, s2], axis=-1), *GATE_PARAMS["OR"])
