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
WORD = re.compile(r"\w+")   # what Sphinx calls a word (SearchLanguage._word_re)
PARTICLE = ("J",)                                   # 조사 / particles: JKS, JKO, JKB, JX, JC …
ENDING = ("EP", "EF", "EC", "ETM")                  # 어미 / endings (not ETN: -기, -음 make a noun)
PREDICATE = ("XSV", "XSA", "VCP", "VCN")            # 하다·되다 suffixes, the copula 이다 / 아니다
NOUN = ("NNG", "NNP", "XR", "SL", "SH")


@functools.cache
def _kiwi():
    from kiwipiepy import Kiwi
    return Kiwi()


def _cut(word: str, tokens) -> list[str]:
    """The word cut before its trailing particles (and endings with the suffix or copula they follow),
    and the nouns in what is left. ``tokens``: the word's morphemes, ``start`` counted from the word."""
    found, end = [], len(tokens)
    while end and tokens[end - 1].tag.startswith(PARTICLE):
        end -= 1
    if end and tokens[end - 1].tag in ENDING:
        while end and tokens[end - 1].tag in ENDING:
            end -= 1
        while end and tokens[end - 1].tag in PREDICATE:
            end -= 1
    if 0 < end < len(tokens):
        found.append(word[:tokens[end][1]])
    found += [form for form, start, tag in tokens[:end] if tag in NOUN and HANGUL.search(form)]
    return [f for f in dict.fromkeys(found) if f and f != word]


class _Morpheme(tuple):
    form = property(lambda self: self[0])
    tag = property(lambda self: self[2])


def forms_in(text: str) -> list[str]:
    """What the Korean words of ``text`` are found as, besides themselves; the analyser reads the whole text,
    so that context decides (퍼셉트론과 편향: 퍼셉트론 + 과)."""
    if not HANGUL.search(text):
        return []
    tokens = _kiwi().tokenize(text)
    found, at = [], 0
    for match in WORD.finditer(text):
        if not HANGUL.search(match.group()):
            continue
        while at < len(tokens) and tokens[at].start < match.start():
            at += 1
        mine = []
        while at < len(tokens) and tokens[at].start < match.end():
            token = tokens[at]
            mine.append(_Morpheme((token.form, token.start - match.start(), token.tag)))
            at += 1
        found += _cut(match.group(), mine)
    return found


@functools.cache
def forms(word: str) -> tuple[str, ...]:
    """``forms_in`` for one word on its own."""
    return tuple(forms_in(word))


class SearchKorean(SearchEnglish):
    lang = "ko"
    language_name = "Korean"

    def split(self, input: str) -> list[str]:
        return super().split(input) + forms_in(input)


def setup(app):
    app.add_search_language(SearchKorean)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
