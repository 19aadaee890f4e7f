# 방향이 반대: KL(Q||P) / Wrong direction: KL(Q||P)
def kl_divergence(p, q, base=2):
    return cross_entropy(q, p, base) - entropy(q, base)
