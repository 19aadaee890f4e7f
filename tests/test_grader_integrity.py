"""Issue 10: a student's code does not decide its own grade, and no grade is lost whatever happens
to a worker or to the gradebook. The synthetic chapter of test_grader_robustness."""
import os
import signal

import pytest

from autograder.grading import store as store_mod
from autograder.grading import worker
from autograder.grading.run import grade_class
from autograder.grading.sandbox import Limits

from test_grader_robustness import GOOD, WRONG, _answer, _course, _hand_in, _point_paths_at, _rows

pytestmark = pytest.mark.xdist_group("grader-synthetic")
LIMITS = Limits(cell_seconds=10, notebook_seconds=30, memory_mb=1024, processes=32, output_kb=256)

# an answer that makes the test cell show a non-numeric execute_result before the test fails:
# stock nbgrader stops at that result and gives full marks
DISPLAYHOOK = "import sys\ndef double(x):\n    getattr(sys, 'displayhook')('ok')\n    return x + 1"
DISPLAYHOOK_MANY = "import sys\ndef double(x):\n    for _ in range(3):\n        sys.__displayhook__(42)\n    return x + 1"


@pytest.fixture()
def course(tmp_path):
    mp = _point_paths_at(tmp_path)
    lesson = _course(tmp_path)
    yield tmp_path, lesson
    mp.undo()


def test_a_result_the_student_displays_is_not_a_grade(course):
    root, lesson = course
    submitted = _hand_in(root, {"good": _answer(lesson, GOOD), "displayhook": _answer(lesson, DISPLAYHOOK),
                                "number": _answer(lesson, DISPLAYHOOK_MANY)})
    report = grade_class(submitted, root / "out", jobs=1, limits=LIMITS)
    by = {o.student: o for o in report.outcomes}
    assert by["good"].score == 2
    assert by["displayhook"].score == 0 and by["displayhook"].status != "error", by["displayhook"]
    assert by["number"].score == 0, by["number"]


@pytest.mark.parametrize("jobs", [2, 1])
def test_a_killed_worker_loses_no_grade(course, monkeypatch, jobs):
    """The worker grading ``killer`` dies as the OOM killer would end it: that submission is recorded
    ``error`` with the cause and every other submission (queued in the same pool) is still graded.
    With one job too (that one used to grade in the grader's own process, which then died with it)."""
    root, lesson = course
    hand_ins = {f"s{i}": _answer(lesson, GOOD if i % 2 else WRONG) for i in range(6)}
    hand_ins["killer"] = _answer(lesson, GOOD)
    submitted = _hand_in(root, hand_ins)
    real = worker._grade

    def dies_on_killer(task):
        if task.student == "killer":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(task)

    monkeypatch.setattr(worker, "_grade", dies_on_killer)   # the pool forks: its workers inherit this
    report = grade_class(submitted, root / "out", jobs=jobs, limits=LIMITS)
    rows = _rows(report.grades_csv)
    assert set(rows) == set(hand_ins), rows
    assert rows["killer"]["status"] == "error" and "died" in rows["killer"]["reason"], rows["killer"]
    for i in range(6):
        assert rows[f"s{i}"]["status"] == "graded" and float(rows[f"s{i}"]["score"]) == (2 if i % 2 else 0), rows


def test_a_gradebook_that_cannot_be_written_loses_no_grade(course, monkeypatch):
    """A full disk makes the store fail for one student (in the worker and in the parent): the row is
    still in grades.csv, with the reason."""
    root, lesson = course
    submitted = _hand_in(root, {"a": _answer(lesson, GOOD), "b": _answer(lesson, GOOD), "c": _answer(lesson, WRONG)})
    real = store_mod.OutcomeStore.put

    def disk_full_for_b(self, outcome, digest):
        if outcome.student == "b":
            raise OSError(28, "No space left on device")
        return real(self, outcome, digest)

    monkeypatch.setattr(store_mod.OutcomeStore, "put", disk_full_for_b)
    report = grade_class(submitted, root / "out", jobs=2, limits=LIMITS)
    rows = _rows(report.grades_csv)
    assert set(rows) == {"a", "b", "c"}
    assert float(rows["b"]["score"]) == 2 and "not saved" in rows["b"]["reason"]
    assert float(rows["a"]["score"]) == 2 and float(rows["c"]["score"]) == 0


ALWAYS_EQUAL = "class Always:\n    def __eq__(self, other):\n        return True\ndef double(x):\n    return Always()"


def test_an_object_equal_to_everything_is_flagged(course):
    """An answer returning an object whose ``__eq__`` is always True passes every ``==`` test without
    computing anything: defining a special method in an answer is outside the allowlist."""
    root, lesson = course
    submitted = _hand_in(root, {"always": _answer(lesson, ALWAYS_EQUAL)})
    outcome = grade_class(submitted, root / "out", jobs=1, limits=LIMITS).outcomes[0]
    assert outcome.status == "flagged" and "`def __eq__`" in outcome.reason, outcome
