# 밑 바꾸기 공식을 log2로 / the change of base through log2
def information_content(p, base=2):
    """사건의 정보량 -log_base(p) / The information content -log_base(p)."""
    return -np.log2(np.asarray(p, dtype=np.float64)) / np.log2(base)
