"""The HTML book builds, shows every chapter with its figures, and leaks nothing."""
import pytest

from autograder import leaks, paths
from conftest import CHAPTERS

HTML = paths.BUILD / "html"
pytestmark = pytest.mark.xdist_group("book")


@pytest.fixture(scope="module")
def built(built_book):
    return built_book


def test_intro_is_in_both_languages(built):
    text = (built / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'lang="ko"' in text and 'lang="en"' in text
    assert "공부하는 방법" in text and "How to study" in text


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_has_figures_and_exercises_as_students_see_them(built, chapter):
    page = (built / "book" / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    assert page.count("<img") >= 2
    assert "여기에 코드를 작성하세요 / YOUR CODE HERE" in page
    assert "NotImplementedError" in page


def test_nothing_of_a_solution_or_hidden_test_in_the_html(built):
    found = {}
    for page in built.rglob("*"):
        if page.is_file() and page.suffix in {".html", ".ipynb", ".js", ".txt", ".md"}:
            text = page.read_text(encoding="utf-8", errors="replace")
            text = leaks.html_text(text) if page.suffix == ".html" else text
            for chapter in CHAPTERS:
                if hits := leaks.leaks_in_text(text, chapter):
                    found[f"{page.relative_to(built)} ({chapter})"] = hits[:3]
    assert found == {}


def test_missing_glyphs_are_detected(tmp_path):
    """A figure with Hangul in a font without it must be caught (the book build then fails)."""
    import nbformat
    from autograder.book_pages import missing_glyph_warnings
    from autograder.execute import run_notebook
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "plt.rcParams['font.family'] = 'DejaVu Sans'\nplt.title('손실 / loss')\nplt.gcf().canvas.draw()")])
    ran, errors = run_notebook(nb, tmp_path)
    assert errors == {}
    assert missing_glyph_warnings(ran)


def test_glossary_page_lists_every_term_and_chapters_link_to_it(built):
    from autograder import glossary
    page = (built / "book" / "glossary.html").read_text(encoding="utf-8")
    for term in glossary.terms():
        assert f'id="{glossary.anchor(term)}"' in page
    chapter = (built / "book" / "chapters" / f"{CHAPTERS[0]}.html").read_text(encoding="utf-8")
    assert 'href="../glossary.html#term-perceptron"' in chapter
