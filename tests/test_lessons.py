"""lessons/ is generated, current, and carries no solution or hidden test."""
import nbformat
import pytest

from autograder import cells, paths
from autograder.course import leaks, lessons
from conftest import CHAPTERS


def test_lessons_are_up_to_date():
    assert lessons.stale_files() == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_lesson_has_no_solution_or_hidden_test(chapter):
    lesson = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
    assert leaks.leaks_in_notebook(lesson, chapter) == []
    for cell in lesson.cells:
        assert cells.BEGIN_HIDDEN not in cell.source and cells.BEGIN_SOLUTION not in cell.source
        if cells.is_solution(cell) and cell.cell_type == "markdown":   # a written answer, graded by hand
            assert cell.source == "여기에 답을 쓰세요 / YOUR ANSWER HERE"
        elif cells.is_solution(cell):
            assert 'raise NotImplementedError("아직 작성하지 않았습니다 / not written yet")' in cell.source
            assert "여기에 코드를 작성하세요 / YOUR CODE HERE" in cell.source


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_lesson_runs_alone(chapter):
    """No import of this repository and no local file: a lesson runs in Colab as it is."""
    lesson = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
    code = "\n".join(c.source for c in lesson.cells if c.cell_type == "code")
    assert "import autograder" not in code and "from autograder" not in code
    assert list((paths.LESSONS / chapter).iterdir()) == [paths.lesson_notebook(chapter)]


def test_leak_detector_finds_a_leak():
    chapter = CHAPTERS[0]
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    assert leaks.leaks_in_notebook(solution, chapter)  # the reference itself is full of secrets


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_explanations_are_paired_and_headings_stay_outside_language_blocks(chapter):
    """Each explanation has a Korean and an English block; a heading inside a block would break the page."""
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    for cell in solution.cells:
        if cell.cell_type != "markdown":
            continue
        assert cell.source.count('<div lang="ko">') == cell.source.count('<div lang="en">'), cell.source[:80]
        inside = fenced = False
        for line in cell.source.split("\n"):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            elif fenced:   # '#' starts a comment in fenced code; a block must not end inside one
                assert not line.startswith(("</div>", "<div lang=")), f"language block ends in a code fence: {line}"
            elif line.startswith("<div lang="):
                inside = True
            elif line.startswith("</div>"):
                inside = False
            elif inside:
                assert not line.startswith("#"), f"heading inside a language block: {line}"
        assert not fenced, f"a code fence is never closed: {cell.source[:80]}"
