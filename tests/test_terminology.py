"""Issue 15 §1: one term per concept, from the glossary (book/glossary.yml), in every chapter, lesson,
book page and figure label; US English spelling; no "여러분의 `x`" calque. See autograder/course/terminology.py."""
import nbformat
import pytest

from autograder import paths
from autograder.course import glossary, terminology

FILES = terminology.checked_files()


def _rejected(ko: str) -> list[str]:
    return next(t for t in glossary.terms() if t["ko"] == ko).get("reject_ko", [])


def test_the_glossary_records_the_terms_and_their_rejected_variants():
    assert "크로스 엔트로피" in _rejected("교차 엔트로피")
    assert "부류" in _rejected("클래스")
    assert "냇" in _rejected("내트")
    assert {"정규화 항", "L2 정규화"} <= set(_rejected("규제"))
    assert next(t for t in glossary.terms() if t["ko"] == "정규화")["en"] == "normalization"
    spelling = next(e["spelling"] for e in glossary.entries() if "spelling" in e)
    assert spelling["stems"]["optimis"] == "optimiz" and spelling["stems"]["normalis"] == "normaliz"
    assert spelling["stems"]["regularis"] == "regulariz" and spelling["words"]["colour"] == "color"
    assert all("ko" in e or "spelling" in e for e in glossary.entries())


def test_the_glossary_page_shows_the_rejected_variants():
    page = glossary.page_text()
    assert "(쓰지 않음 / not: `크로스 엔트로피`)" in page
    assert terminology.in_text(page, True) == []   # the page itself passes: the variants are in code spans


@pytest.mark.parametrize("text, found, use", [
    ("크로스 엔트로피를 최소화합니다.", "크로스 엔트로피", "교차 엔트로피"),
    ("크로스엔트로피 손실", "크로스엔트로피", "교차 엔트로피"),
    ("세 부류로 나눕니다.", "부류", "클래스"),
    ("손실에 정규화 항을 더합니다.", "정규화 항", "규제"),
    ("L2 정규화로 가중치를 줄입니다.", "L2 정규화", "규제"),
    ("정보량의 단위는 냇입니다.", "냇", "내트"),
    ("Adam is an optimiser.", "optimiser", "optimizer"),
    ("Batch Normalisation helps.", "Normalisation", "Normalization"),
    ("Regularisation keeps weights small.", "Regularisation", "Regularization"),
    ("minimising the loss", "minimising", "minimizing"),
    ("the colour of a pixel", "colour", "color"),
    ("먼저 여러분의 `sigmoid` 로 계산합니다.", "여러분의 `sigmoid`", "자연스러운 한국어"),
    ("여러분의 계층으로 신경망을 만듭니다.", "여러분의 계층", "자연스러운 한국어"),
])
def test_the_check_finds_a_planted_variant(text, found, use):
    hits = terminology.in_text(text, markdown=True)
    assert [h[0] for h in hits] == [found], hits
    assert use in hits[0][1]


@pytest.mark.parametrize("text", [
    "입력을 정규화(normalization)하면 학습이 빨라집니다. 배치 정규화도 같습니다.",
    "교차 엔트로피와 클래스, 내트, 규제 항, 가중치 감소.",
    "`normalise(x)` 는 코드 이름이고 `크로스 엔트로피` 는 인용입니다.",
    "The analysis emphasis: optimize, normalization, regularization, centered, gray.",
    "```python\ndef normalise(x):\n    return x\n```",
    "직접 만든 `sigmoid` 로 계산합니다. 여러분의 노트북에서 답을 확인합니다.",
])
def test_the_check_accepts_the_chosen_terms_code_and_quotes(text):
    assert terminology.in_text(text, markdown=True) == []


def test_a_planted_variant_is_found_in_a_notebook_and_a_page_with_where_and_what_to_use(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("교차 엔트로피"),
                nbformat.v4.new_markdown_cell("두 부류를 나눕니다."),
                nbformat.v4.new_code_cell("def normalise(x):  # names are not checked\n    return x\n"
                                          "plt.title('크로스 엔트로피 / normalised loss')\n%matplotlib inline")]
    path = tmp_path / "99-planted.ipynb"
    nbformat.write(nb, path)
    found = [str(f) for f in terminology.check_file(path)]
    assert len(found) == 3, found
    assert any("cell 1 (markdown)" in f and '"부류"' in f and "클래스" in f for f in found), found
    assert any("cell 2 (code string)" in f and "교차 엔트로피" in f for f in found), found
    assert any("cell 2 (code string)" in f and "normalized" in f for f in found), found
    page = tmp_path / "page.md"
    page.write_text("# 제목\n\n정상 문장.\n\nAn optimiser.\n", encoding="utf-8")
    assert [str(f) for f in terminology.check_file(page)] == [f"{page}, line 5: \"optimiser\" → optimizer (US spelling)"]


def test_every_kind_of_file_is_checked():
    names = {str(p.relative_to(paths.REPO)) for p in FILES}
    assert any(n.startswith("solutions/") for n in names) and any(n.startswith("lessons/") for n in names)
    assert "book/guide-instructors.md" in names and "book/errata.md" in names


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(paths.REPO)))
def test_no_rejected_variant(path):
    found = terminology.check_file(path)
    assert not found, f"{len(found)} rejected variant(s), glossary in book/glossary.yml:\n" + \
        "\n".join(f"  {f}" for f in found)
