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
        for outcome in graded:
            try:
                outcome.score, outcome.per_test, outcome.manual = submission_grades(gb, outcome.student,
                                                                                    outcome.chapter)
            except MissingEntry:
                pass
    return outcomes
