"""The example class grades to exactly the expected scores, with safe feedback for everyone."""
import csv

import pytest

from autograder import paths
from autograder.course import example_class, leaks
from autograder.grading.run import grade_class
from conftest import CHAPTERS

pytestmark = pytest.mark.xdist_group("grading")


@pytest.fixture(scope="session")   # once per worker, however xdist interleaves the group's files
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("grading")
    return grade_class(example_class.SUBMITTED, out)


def _rows(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_example_class_is_current():
    assert example_class.stale_files() == []


def test_grades_match_expected_exactly(graded):
    assert _rows(graded.grades_csv) == _rows(example_class.EXPECTED_GRADES)


def test_every_submission_has_an_outcome_and_feedback(graded):
    handed_in = {(p.parent.parent.name, p.parent.name) for p in example_class.SUBMITTED.rglob("*.ipynb")}
    assert {(o.student, o.chapter) for o in graded.outcomes} == handed_in
    for student, chapter in handed_in:
        assert (graded.feedback_dir / student / chapter / f"{chapter}.html").exists()


def test_broken_submissions_say_why(graded):
    by_student = {}
    for outcome in graded.outcomes:
        by_student.setdefault(outcome.student, []).append(outcome)
    for outcome in by_student["eom_seojin"]:
        assert outcome.status == "invalid" and "not a notebook" in outcome.reason and outcome.score == 0
    for outcome in by_student["doh_hyunwoo"]:
        assert outcome.status == "graded" and "SyntaxError" in outcome.reason
        assert 0 < outcome.score < outcome.max_score
    for outcome in by_student["ahn_jisoo"]:   # full marks, but for written answers awaiting manual grading
        assert outcome.score + sum(outcome.awaiting.values()) == outcome.max_score
    for outcome in by_student["choi_yuna"]:
        assert outcome.score == 0


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_feedback_shows_no_hidden_test(graded, chapter):
    for page in graded.feedback_dir.glob(f"*/{chapter}/*.html"):
        text = leaks.html_text(page.read_text(encoding="utf-8"))
        assert leaks.leaks_in_text(text, chapter, ("hidden",)) == [], page
        if page.parent.parent.name == "choi_yuna":  # handed in blank: no solution line may appear
            assert leaks.leaks_in_text(text, chapter) == [], page


def test_grading_into_a_deep_folder(tmp_path):
    """The kernel's Unix sockets must not live under --out: a socket path over 107 bytes cannot be bound."""
    out = tmp_path / ("a-rather-long-folder-name-" * 6) / "grading"
    report = grade_class(example_class.SUBMITTED, out, chapters=["01-perceptron"], jobs=1)
    complete = next(o for o in report.outcomes if o.student == "ahn_jisoo")
    assert complete.status == "graded", complete.reason
    assert complete.score + sum(complete.awaiting.values()) == complete.max_score, complete.reason


def test_feedback_command_rewrites_the_pages_from_the_gradebook(graded):
    import subprocess
    import sys
    page = graded.feedback_dir / "baek_minho" / "01-perceptron" / "01-perceptron.html"
    before = page.read_text(encoding="utf-8")
    page.unlink()
    done = subprocess.run([sys.executable, "-m", "autograder", "feedback", "--out", str(graded.feedback_dir.parent),
                           "--students", "baek_minho"], capture_output=True, text=True, cwd=paths.REPO)
    assert done.returncode == 0, done.stderr
    assert page.read_text(encoding="utf-8") == before
