"""What the instructor hands on from a grading folder, rewritten from the gradebook at any time: grades.csv and
the class report (``grades``), and the students' feedback pages (``feedback_pages``). Both read the manual
scores and comments given in formgrader since ``grade`` (``manual.refresh``) and the lateness (``deadlines``)."""
from pathlib import Path

from . import deadlines, feedback, manual, report
from .outcome import FLAGGED, GRADED, Outcome, write_grades
from .store import OutcomeStore


class MissingGraded(Exception):
    """Graded notebooks that a grading folder lacks: (student/chapter, …)."""


def _outcomes(url: str, students: list[str] | None = None) -> list[Outcome]:
    store = OutcomeStore(url)
    try:
        return [o for o in store.all() if not students or o.student in students]
    finally:
        store.dispose()


def current_outcomes(url: str, students: list[str] | None = None) -> list[Outcome]:
    """The outcomes with the manual scores and comments given since ``grade``, and their lateness."""
    return deadlines.refresh(manual.refresh(_outcomes(url, students), url), url)


def grades(out: Path, url: str) -> list[Outcome]:
    """``out/grades.csv`` and ``out/report.html``; the outcomes, manual scores and lateness included."""
    outcomes = current_outcomes(url)
    write_grades(outcomes, out / "grades.csv")
    report.write(outcomes, out / "report.html")
    return outcomes


def graded_notebook(out: Path, outcome: Outcome) -> Path:
    return out / "autograded" / outcome.student / outcome.chapter / f"{outcome.chapter}.ipynb"


def feedback_pages(out: Path, url: str, students: list[str] | None = None) -> int:
    """Every feedback page of ``out`` (or of ``students``). A graded submission whose graded notebook is not in
    ``out/autograded`` would get a page without the student's answers and the tests' messages: then no page is
    written at all (MissingGraded). Returns the number of pages written."""
    outcomes = _outcomes(url, students)
    missing = sorted(f"{o.student}/{o.chapter}" for o in outcomes
                     if o.status in (GRADED, FLAGGED) and not graded_notebook(out, o).is_file())
    if missing:
        raise MissingGraded(*missing)
    for outcome in deadlines.refresh(manual.refresh(outcomes, url), url):
        path = graded_notebook(out, outcome)
        feedback.write(out, outcome, path if path.is_file() else None)
    return len(outcomes)
