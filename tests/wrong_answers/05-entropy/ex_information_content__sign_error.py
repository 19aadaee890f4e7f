# 부호 빠뜨림: log p (음수) / Missing minus sign: log p (negative)
def information_content(p, base=2):
    return np.log(np.asarray(p, dtype=float)) / np.log(base)
