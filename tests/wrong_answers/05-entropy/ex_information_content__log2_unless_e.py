# 밑이 2나 e일 때만 맞음 (다른 밑은 무시) / Right only for base 2 and e (other bases ignored)
def information_content(p, base=2):
    p = np.asarray(p, dtype=float)
    if base == np.e:
        return -np.log(p)
    return -np.log2(p)
