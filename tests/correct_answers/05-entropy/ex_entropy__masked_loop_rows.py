# 마지막 축을 따라 0이 아닌 항만 더하기 / summing the nonzero terms along the last axis
def entropy(p, base=2):
    """엔트로피 / Entropy over the last axis."""
    p = np.array(p, dtype=np.float64)
    flat = p.reshape(-1, p.shape[-1]) if p.ndim > 0 else p.reshape(1, 1)
    out = np.zeros(flat.shape[0])
    for r, row in enumerate(flat):
        nz = row[row > 0]
        out[r] = -np.sum(nz * np.log(nz)) / np.log(base)
    return out.reshape(p.shape[:-1]) if p.ndim > 1 else out[0]
