"""Written answers, graded by hand: scores read from nbgrader's gradebook.

A written answer is a markdown cell marked solution + grade (``cells.is_written``). nbgrader's autograde
gives it no score (``auto_score`` stays None, ``needs_manual_grade`` True); an instructor grades it in
formgrader (the JupyterLab extension), which writes ``manual_score`` into the gradebook. So the gradebook,
not the outcome store, knows the current manual scores: ``grade`` and ``export`` read them from it
(``refresh``) each time they write grades.csv, the report and the feedback pages. Until graded, the
answer's points are reported as awaiting manual grading and are not part of the score.
"""
from nbgrader.api import Gradebook, MissingEntry

from .outcome import FLAGGED, GRADED, Outcome


def submission_grades(gb: Gradebook, student: str, chapter: str):
    """(score, per_test, manual) of a submission: ``score`` is nbgrader's (every grade's manual score if
    set, else its auto score); ``per_test``: the code cells, (score, max); ``manual``: the written answers,
    (manual score or None while ungraded, max)."""
    notebook = gb.find_submission_notebook(chapter, chapter, student)
    per_test, manual = {}, {}
    for grade in notebook.grades:
        if grade.cell.cell_type == "markdown":
            manual[grade.name] = (None if grade.manual_score is None else float(grade.score), float(grade.max_score))
        else:
            per_test[grade.name] = (float(grade.score), float(grade.max_score))
    return float(notebook.score), per_test, manual


def refresh(outcomes: list[Outcome], url: str) -> list[Outcome]:
    """Bring the graded outcomes' scores up to date with the gradebook (manual grades given since)."""
    graded = [o for o in outcomes if o.status in (GRADED, FLAGGED)]
    if not graded:
        return outcomes
    with Gradebook(url) as gb:
        written: dict[str, bool] = {}   # chapter -> has written answers (the others need no look-up)
        for outcome in graded:
            if outcome.chapter not in written:
                try:
                    cells = gb.find_notebook(outcome.chapter, outcome.chapter).grade_cells
                    written[outcome.chapter] = any(cell.cell_type == "markdown" for cell in cells)
                except MissingEntry:
                    written[outcome.chapter] = False
            if not written[outcome.chapter]:
                continue
            try:
                outcome.score, outcome.per_test, outcome.manual = submission_grades(gb, outcome.student,
                                                                                    outcome.chapter)
            except MissingEntry:
                pass
    return outcomes


FORMGRADER_CONFIG = "nbgrader_config.py"


def write_formgrader_config(out, url: str):
    """``<out>/nbgrader_config.py``: nbgrader's formgrader (JupyterLab, started in ``out``) then grades the
    written answers of this grading folder: its gradebook, its autograded notebooks, the course's
    solutions. A PostgreSQL URL (it may hold a password) is not written: it is read from the environment
    variable AUTOGRADER_DB_URL when JupyterLab starts."""
    from pathlib import Path

    from .. import paths
    out = Path(out).resolve()
    sqlite = url.startswith("sqlite")
    db = repr(url) if sqlite else 'os.environ["AUTOGRADER_DB_URL"]'
    text = (f'"""Written by `python -m autograder grade`: formgrader for this grading folder."""\n'
            "import os  # noqa: F401\n\n"
            "c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.root = {str(out)!r}\n"
            f"c.CourseDirectory.source_directory = {str(paths.SOLUTIONS)!r}\n"
            f"c.CourseDirectory.release_directory = {str(out / 'release')!r}\n"
            f"c.CourseDirectory.submitted_directory = {str(out / 'submitted')!r}\n"
            f"c.CourseDirectory.autograded_directory = {str(out / 'autograded')!r}\n"
            f"c.CourseDirectory.feedback_directory = {str(out / 'feedback')!r}\n"
            f"c.CourseDirectory.db_url = {db}\n")
    target = out / FORMGRADER_CONFIG
    target.write_text(text, encoding="utf-8")
    return target
