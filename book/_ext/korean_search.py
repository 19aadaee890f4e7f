"""Search that understands Korean: each Korean word is indexed also without its particles and endings.

Sphinx has no Korean search language; with ``language: ko`` it indexes with the English one, which splits at
spaces, so 퍼셉트론은 and 퍼셉트론과 are terms of their own and a search for 퍼셉트론 misses both. Korean
attaches particles (은, 과, 를, 으로 …), the copula (이다) and verb endings to the word they follow. Kiwi
(kiwipiepy, a morphological analyser with its own model package) tells where they start; the index gets the
word as written and the word cut before them: 퍼셉트론은 → 퍼셉트론, 학습률이 → 학습률, 역전파로 → 역전파,
퍼셉트론입니다 → 퍼셉트론, 계산합니다 → 계산, while a noun made with -기 stays whole (기울기를 → 기울기).
Every noun the analyser finds inside the word is indexed too (가중합에 → 가중합). A reader types a word in its
dictionary form, which is what the index now holds; English words keep the English stemmer (perceptrons →
perceptron), in the index and in the browser.
"""
import functools
import re

from sphinx.search.en import SearchEnglish

HANGUL = re.compile("[가-힣]")
PARTICLE = ("J",)                                   # 조사 / particles: JKS, JKO, JKB, JX, JC …
ENDING = ("EP", "EF", "EC", "ETM")                  # 어미 / endings (not ETN: -기, -음 make a noun)
PREDICATE = ("XSV", "XSA", "VCP", "VCN")            # 하다·되다 suffixes, the copula 이다 / 아니다
NOUN = ("NNG", "NNP", "XR", "SL", "SH")


@functools.cache
def _kiwi():
    from kiwipiepy import Kiwi
    return Kiwi()


@functools.cache
def forms(word: str) -> tuple[str, ...]:
    """The forms under which a Korean word is found: the word cut before its particles and endings, and the
    nouns in it (the word as written is indexed anyway)."""
    tokens = _kiwi().tokenize(word)
    found, end = [], len(tokens)
    while end and tokens[end - 1].tag.startswith(PARTICLE):
        end -= 1
    if end and tokens[end - 1].tag in ENDING:
        while end and tokens[end - 1].tag in ENDING:
            end -= 1
        while end and tokens[end - 1].tag in PREDICATE:
            end -= 1
    if 0 < end < len(tokens):
        found.append(word[:tokens[end].start])
    found += [t.form for t in tokens[:end] if t.tag in NOUN and HANGUL.search(t.form)]
    return tuple(dict.fromkeys(f for f in found if f and f != word))


class SearchKorean(SearchEnglish):
    lang = "ko"
    language_name = "Korean"

    def split(self, input: str) -> list[str]:
        words = super().split(input)
        return words + [form for word in words if HANGUL.search(word) for form in forms(word)]


def setup(app):
    app.add_search_language(SearchKorean)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
