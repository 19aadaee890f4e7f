# 경계선이 점에 닿음: 진리표는 맞지만 잡음에 약함 / Lines touch the corners: right table, no noise margin
GATE_PARAMS = {}
GATE_PARAMS["AND"] = (np.array([1.0, 1.0]), -1.0)
GATE_PARAMS["NAND"] = (np.array([-1.0, -1.0]), 1.5 + 0.5)
GATE_PARAMS["OR"] = (np.array([1.0, 1.0]), 0.0)
