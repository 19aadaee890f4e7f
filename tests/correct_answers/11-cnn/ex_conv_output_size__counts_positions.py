# 필터가 놓이는 자리를 하나씩 셈 / counts the filter positions one by one
def conv_output_size(input_size, filter_size, stride=1, pad=0):
    if not stride >= 1 or pad < 0:
        raise ValueError("stride >= 1, pad >= 0")
    padded = input_size + 2 * pad
    if filter_size > padded:
        raise ValueError(f"filter {filter_size} > padded input {padded}")
    count, start = 0, 0
    while start + filter_size <= padded:
        count += 1
        start += stride
    return count
