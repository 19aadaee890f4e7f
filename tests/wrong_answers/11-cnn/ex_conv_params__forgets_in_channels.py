# 입력 채널 수를 곱하지 않음 / forgets the number of input channels
def conv_params(in_channels, out_channels, kernel_size, bias=True):
    """합성곱 층의 매개변수 수 / The number of parameters of a convolutional layer.

    입력 / Inputs: in_channels C_in, out_channels C_out, kernel_size — 정수 또는 (FH, FW) / an int or (FH, FW);
                   bias — 편향 포함 여부 / whether there is a bias.
    출력 / Output: C_out * C_in * FH * FW (+ C_out), 정수 / an int.
    """
    if isinstance(kernel_size, (int, np.integer)):
        kernel_size = (kernel_size, kernel_size)
    fh, fw = kernel_size
    return int(out_channels * fh * fw + (out_channels if bias else 0))
