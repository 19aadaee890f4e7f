# im2col의 열 순서가 (u, v, c) / im2col's columns in the order (u, v, c) instead of (c, u, v)
def im2col(x, filter_h, filter_w, stride=1, pad=0):
    """입력 조각을 행으로 펼침 / Unroll the input patches into rows.

    입력 / Inputs: x (N, C, H, W);  filter_h, filter_w;  stride;  pad (0으로 채움 / zeros).
    출력 / Output: (N*OH*OW, C*FH*FW) — 행 순서 (n, i, j), 열 순서 (c, u, v) / rows (n, i, j), columns (c, u, v).
    """
    n, c, h, w = x.shape
    oh = conv_output_size(h, filter_h, stride, pad)
    ow = conv_output_size(w, filter_w, stride, pad)
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    col = np.empty((n, c, filter_h, filter_w, oh, ow), dtype=img.dtype)
    for u in range(filter_h):
        for v in range(filter_w):
            col[:, :, u, v] = img[:, :, u:u + stride * (oh - 1) + 1:stride, v:v + stride * (ow - 1) + 1:stride]
    return col.transpose(0, 4, 5, 2, 3, 1).reshape(n * oh * ow, -1)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    """im2col의 전치: 행을 입력 모양으로 되돌리며 겹치는 자리는 더함 / The transpose of im2col.

    입력 / Inputs: col (N*OH*OW, C*FH*FW);  input_shape (N, C, H, W);  filter_h, filter_w;  stride;  pad.
    출력 / Output: (N, C, H, W) — 겹치는 자리는 합, 패딩 자리는 버림 / overlaps added, padding dropped.
    """
    n, c, h, w = input_shape
    oh = conv_output_size(h, filter_h, stride, pad)
    ow = conv_output_size(w, filter_w, stride, pad)
    col = np.asarray(col).reshape(n, oh, ow, c, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=col.dtype)
    for u in range(filter_h):
        for v in range(filter_w):
            img[:, :, u:u + stride * (oh - 1) + 1:stride, v:v + stride * (ow - 1) + 1:stride] += col[:, :, u, v]
    return img[:, :, pad:pad + h, pad:pad + w]
