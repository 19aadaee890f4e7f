"""Issue 25 §8–9: what the instructor and the student read about a graded submission. An edited test cell is
replaced by the lesson's and both are told so; the feedback page lists tests in lesson order; the class
report's histogram counts whole students."""
import copy

import nbformat

from autograder import cells, paths
from autograder.grading import feedback, report
from autograder.grading.assemble import assemble
from autograder.grading.outcome import Outcome
from autograder.grading.repair import repair

CHAPTER = "01-perceptron"


def _lesson():
    return nbformat.read(paths.lesson_notebook(CHAPTER), as_version=4)


def test_an_edited_test_cell_is_replaced_by_the_lessons_and_said_so():
    lesson = _lesson()
    hand_in = copy.deepcopy(lesson)
    test = next(c for c in hand_in.cells if cells.is_graded_test(c))
    original = test.source
    test.source = "pass  # 테스트를 지웠어요"
    hand_in.cells.append(nbformat.v4.new_code_cell("print('my own cell')"))
    graded, notes = assemble(*repair(hand_in, lesson)[:1], lesson)
    assert next(c for c in graded.cells if cells.grade_id(c) == cells.grade_id(test)).source == original
    said = "; ".join(notes)
    assert f"edited cell(s) {cells.grade_id(test)} replaced by the lesson's own" in said, said
    assert "고친 셀" in said and "1 cell(s) outside the answer cells not run" in said
    # an unedited hand-in draws no such note (the check can fail)
    assert not any("edited" in n for n in assemble(*repair(copy.deepcopy(lesson), lesson)[:1], lesson)[1])
    # the student reads it on the feedback page (the outcome's reason)
    page = feedback.render(Outcome("kim", CHAPTER, 3, 14, "graded", said), None)
    assert f"edited cell(s) {cells.grade_id(test)} replaced" in page


def test_the_feedback_page_lists_tests_in_lesson_order():
    order = [cells.grade_id(c) for c in _lesson().cells if cells.is_graded_test(c)]
    assert len(order) >= 3 and order != sorted(order)     # alphabetical order would differ: the test can fail
    per_test = {name: (1.0, 1.0) for name in reversed(order)}
    page = feedback.render(Outcome("kim", CHAPTER, len(order), len(order), "graded", "", per_test), None)
    positions = [page.index(f"<td>{name}</td>") for name in order]
    assert positions == sorted(positions)


def test_the_histogram_counts_whole_students():
    import matplotlib
    matplotlib.use("Agg")
    import koreanize_matplotlib  # noqa: F401  (the report's Korean labels)
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    report.histogram(ax, [0, 0, 3, 12, 14], 14)
    fig.canvas.draw()
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
    heights = [patch.get_height() for patch in ax.patches]
    assert sum(heights) == 5 and max(heights) == 2 and len(heights) == 15   # one bar per point, 0…14
    plt.close(fig)
