# 엔트로피를 빼지 않음: H(P, Q)를 돌려줌 / Forgot to subtract the entropy: returns H(P, Q)
def kl_divergence(p, q, base=2):
    return cross_entropy(p, q, base)
