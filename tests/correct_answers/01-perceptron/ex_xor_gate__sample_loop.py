# 샘플마다 반복 / a loop over the samples
def xor_gate(x):
    """NAND, OR, AND를 두 층으로 쌓은 XOR / XOR from NAND, OR and AND in two layers."""
    x = np.asarray(x)
    outputs = []
    for sample in np.atleast_2d(x):
        hidden = np.array([perceptron(sample, *GATE_PARAMS["NAND"]), perceptron(sample, *GATE_PARAMS["OR"])])
        outputs.append(int(perceptron(hidden, *GATE_PARAMS["AND"])))
    outputs = np.array(outputs, dtype=int)
    return outputs[0] if x.ndim == 1 else outputs
