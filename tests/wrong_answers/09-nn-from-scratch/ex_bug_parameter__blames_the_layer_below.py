# 버그 계층 아래의 가중치를 지목 / blames the weights below the buggy layer
# 기울기가 틀린 매개변수의 키 (문자열) / The key of the parameter whose gradient is wrong (a string)
wrong_parameter = "W1"
