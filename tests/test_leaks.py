"""No chapter's lesson or book page shows another chapter's reference answer (autograder/course/leaks.py)."""
import nbformat
import pytest

from autograder import paths
from autograder.course import leaks
from conftest import CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_lesson_shows_no_other_chapters_answer(chapter):
    lesson = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
    assert leaks.other_chapters_answers_in_notebook(lesson, chapter) == {}


def test_a_later_chapter_showing_an_earlier_answer_is_caught():
    """Chapter 9 asks for chapter 2's Affine again: given code there would hand chapter 2's answer out."""
    lesson = nbformat.read(paths.lesson_notebook("09-nn-from-scratch"), as_version=4)
    assert leaks.other_chapters_answers_in_notebook(lesson, "09-nn-from-scratch") == {}
    solution = nbformat.read(paths.solution_notebook("02-backprop"), as_version=4)
    affine = next(c for c in solution.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "ex_affine")
    lesson.cells.append(nbformat.v4.new_code_cell(affine.source))     # the answer as given code
    found = leaks.other_chapters_answers_in_notebook(lesson, "09-nn-from-scratch")
    assert "self.dW = self.x.T @ dout" in found["02-backprop"]
    lesson.cells[-1] = nbformat.v4.new_markdown_cell("```python\n    return dout @ self.W.T\n```")  # in the text
    assert leaks.other_chapters_answers_in_notebook(lesson, "09-nn-from-scratch") == {
        "02-backprop": ["return dout @ self.W.T"]}


def test_a_line_an_earlier_chapter_shows_is_no_secret():
    """``return self.out`` is an answer line of chapter 3, but chapter 2 shows it openly first."""
    assert "return self.out" not in leaks.answer_secrets("03-activations")
    assert "grad[idx] = (f_plus - f_minus) / (2 * h)" in leaks.answer_secrets("02-backprop")


@pytest.mark.xdist_group("book")
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_book_page_shows_no_other_chapters_answer(built_book, chapter):
    page = built_book / "book" / "chapters" / f"{chapter}.html"
    text = leaks.html_text(page.read_text(encoding="utf-8"))
    assert leaks.other_chapters_answers_in_text(text, chapter) == {}
