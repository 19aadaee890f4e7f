# 잘라 낸 오차로 쓰기: q = min(|e|, delta), L = q * (|e| - q / 2) (float32, 반복문 없음) / Written with the clipped error
def huber_loss(y, t, delta=1.0):
    e = np.abs(np.asarray(y, dtype=np.float32) - np.asarray(t, dtype=np.float32))
    q = np.minimum(e, np.float32(delta))
    per_element = q * (e - q / 2)
    return float(per_element.sum() / per_element.size)
