"""The book's Korean search language (book/_ext/korean_search.py): words are indexed also without their
particles and endings, so that a search for the word as a reader types it finds every page."""
import sys

import pytest

from autograder import paths

sys.path.insert(0, str(paths.REPO / "book" / "_ext"))
import korean_search  # noqa: E402


@pytest.mark.parametrize("written, found_as", [
    ("퍼셉트론은", "퍼셉트론"), ("퍼셉트론과 편향", "퍼셉트론"), ("학습률이", "학습률"), ("역전파로", "역전파"),
    ("기울기를", "기울기"), ("퍼셉트론입니다", "퍼셉트론"), ("계산합니다", "계산"), ("가중합에", "가중합"),
    ("엔트로피를", "엔트로피"), ("은닉층은", "은닉층"), ("에포크마다", "에포크"), ("하강법으로", "하강법"),
])
def test_a_word_is_found_without_its_particle_or_ending(written, found_as):
    assert found_as in korean_search.forms_in(written)


def test_the_splitter_keeps_words_as_written_and_english_as_before():
    from sphinx.search.en import SearchEnglish
    korean = korean_search.SearchKorean({})
    sentence = "퍼셉트론은 weighted inputs의 가중합에 편향을 더합니다."
    words = korean.split(sentence)
    assert {"퍼셉트론은", "퍼셉트론", "가중합에", "가중합", "편향을", "편향", "weighted", "inputs"} <= set(words)
    assert words[:len(SearchEnglish({}).split(sentence))] == SearchEnglish({}).split(sentence)
    assert korean.stem("perceptrons") == SearchEnglish({}).stem("perceptrons")   # the browser's stemmer matches
