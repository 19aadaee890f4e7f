# 정수 시작점의 dtype을 그대로 두고 제자리 갱신 (정수 입력에서 오류) / Keeps an integer dtype and updates in place (fails on integer starts)
def gradient_descent(grad, x0, lr, num_steps):
    x = np.array(x0)
    path = [x.copy()]
    for _ in range(num_steps):
        x -= lr * grad(x)
        path.append(x.copy())
    return np.array(path)
