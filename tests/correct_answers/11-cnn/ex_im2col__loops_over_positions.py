# 출력 자리마다 도는 반복문, 패딩은 직접 / loops over output positions, padding by hand
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    n, c, h, w = x.shape
    oh = (h + 2 * pad - filter_h) // stride + 1
    ow = (w + 2 * pad - filter_w) // stride + 1
    padded = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=np.float32)
    padded[:, :, pad:pad + h, pad:pad + w] = x
    rows = np.zeros((n * oh * ow, c * filter_h * filter_w), dtype=np.float32)
    r = 0
    for a in range(n):
        for i in range(oh):
            for j in range(ow):
                rows[r] = padded[a, :, i * stride:i * stride + filter_h, j * stride:j * stride + filter_w].reshape(-1)
                r += 1
    return rows


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    n, c, h, w = input_shape
    oh = (h + 2 * pad - filter_h) // stride + 1
    ow = (w + 2 * pad - filter_w) // stride + 1
    padded = np.zeros((n, c, h + 2 * pad, w + 2 * pad))
    r = 0
    for a in range(n):
        for i in range(oh):
            for j in range(ow):
                padded[a, :, i * stride:i * stride + filter_h, j * stride:j * stride + filter_w] += np.reshape(col[r], (c, filter_h, filter_w))
                r += 1
    return padded[:, :, pad:pad + h, pad:pad + w]
