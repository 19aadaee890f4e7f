# 가중치 배열의 모양을 곱함 / multiplies the shape of the weight array
def conv_params(in_channels, out_channels, kernel_size, bias=True):
    size = np.broadcast_to(np.asarray(kernel_size), (2,))
    shape = (out_channels, in_channels, int(size[0]), int(size[1]))
    total = int(np.prod(shape))
    if bias:
        total = total + out_channels
    return total
