# 다른 가중치와 편향 / other weights and biases
GATE_PARAMS = {}
GATE_PARAMS["AND"] = (np.array([1.0, 1.0]), -1.5)
GATE_PARAMS["NAND"] = (np.array([-2.0, -2.0]), 3.0)
GATE_PARAMS["OR"] = (np.array([1.0, 1.0]), -0.5)
