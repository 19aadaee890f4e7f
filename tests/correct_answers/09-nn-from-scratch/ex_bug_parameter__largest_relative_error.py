# 기울기 확인 표에서 상대 오차가 가장 큰 키 / the key with the largest relative error in the check
wrong_parameter = max(suspect_errors, key=suspect_errors.get)
