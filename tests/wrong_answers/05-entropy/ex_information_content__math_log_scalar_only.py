# math.log 사용: 숫자 하나에서만 동작 / Uses math.log: works for a single number only
import math


def information_content(p, base=2):
    return -math.log(p, base)
