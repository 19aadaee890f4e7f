# 식을 그대로 옮겨 큰 음수에서 exp가 넘침 / Copies the formula, so exp overflows for large negative x
def sigmoid(x):
    return 1 / (1 + np.exp(-x))
