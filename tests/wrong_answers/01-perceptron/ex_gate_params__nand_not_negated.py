# NAND를 AND와 같게 둠, OR에 AND의 편향 / NAND equal to AND; OR with the AND bias
GATE_PARAMS = {}
GATE_PARAMS["AND"] = (np.array([0.5, 0.5]), -0.7 + 0.5)
GATE_PARAMS["NAND"] = (np.array([0.5, 0.5]), -0.7)
GATE_PARAMS["OR"] = (np.array([0.5, 0.5]), -0.7)
