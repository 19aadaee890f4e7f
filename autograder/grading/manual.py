"""Written answers, graded by hand: scores and comments read from nbgrader's gradebook, kept true.

A written answer is a markdown cell marked solution + grade (``cells.is_written``). An instructor grades it in
formgrader (the JupyterLab extension), which writes ``manual_score`` (and a comment, ``manual_comment``) into
the gradebook. So the gradebook, not the outcome store, knows the current manual scores: ``grade``, ``export``
and ``feedback`` read them from it (``read_grades``, ``refresh``) each time they write grades.csv, the report
and the feedback pages. A written answer is then one of:

- graded: its manual score counts;
- blank (nbgrader's stub left as it was, or nothing written): 0 points without a person (the autograde's own
  0, ``own_grades``), unless the instructor gives it a score in formgrader;
- awaiting: not graded by hand yet; its points are reported as awaiting and are not in the score. A manual
  score given to a text that the student has changed since (a resubmission) is cleared when the new text is
  autograded (``reconcile``), so it never counts for a text no one has read; the answer is then awaiting
  again and marked so (``changed``), and formgrader marks it as needing a manual grade.
"""
import hashlib

from nbgrader.api import Comment, Gradebook, MissingEntry

from ..cells import grade_id, is_written
from ..nbgrader_config import TEXT_STUB
from .outcome import FLAGGED, GRADED, Outcome
from .store import OutcomeStore


def is_blank(source: str) -> bool:
    """A written answer nobody needs to read: the lesson's stub as it was, or nothing."""
    return source.strip() in ("", TEXT_STUB)


def text_digest(source: str) -> str:
    return hashlib.sha256(source.strip().encode()).hexdigest()


def reconcile(url: str, store: OutcomeStore, student: str, chapter: str, graded_nb) -> list[str]:
    """Right after autograding ``graded_nb``: the written answers whose text differs from the one last
    autograded lose their manual score and comment (they were about the old text) and await grading again;
    an unchanged one keeps its score and is not marked for review. Returns the ids cleared."""
    texts = {grade_id(c): c.source for c in graded_nb.cells if is_written(c)}
    if not texts:
        return []
    before = store.written(student, chapter)
    rows, cleared = {}, []
    with Gradebook(url) as gb:
        for gid, source in texts.items():
            digest, old = text_digest(source), before.get((student, chapter, gid))
            changed = bool(old and old[1])
            try:
                grade = gb.find_grade(gid, chapter, chapter, student)
            except MissingEntry:
                continue
            if grade.manual_score is not None:
                if old is not None and old[0] != digest:
                    grade.manual_score = None
                    try:
                        gb.find_comment(gid, chapter, chapter, student).manual_comment = None
                    except MissingEntry:
                        pass
                    changed = True
                    cleared.append(gid)
                else:
                    changed = False
                grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
            rows[gid] = (digest, changed)
        gb.db.commit()
    store.set_written(student, chapter, rows)
    return cleared


def read_grades(outcome: Outcome, gb: Gradebook, changed: set[str] = frozenset()) -> Outcome:
    """``outcome`` with its scores, written answers and comments as the gradebook holds them now: ``score``
    is nbgrader's (every grade's manual score if set, else its auto score); ``per_test``: the code cells;
    ``manual``: the written answers (score, or None while awaiting); ``blank``; ``changed`` (awaiting again
    because the text changed, see ``reconcile``); ``comments``: formgrader's comments by answer cell id."""
    notebook = gb.find_submission_notebook(outcome.chapter, outcome.chapter, outcome.student)
    per_test, manual, blank = {}, {}, []
    for grade in notebook.grades:
        top = float(grade.max_score)
        if grade.cell.cell_type == "markdown":
            if grade.manual_score is not None:
                manual[grade.name] = (float(grade.manual_score), top)
            elif grade.auto_score is not None:   # blank: the autograde's own 0
                manual[grade.name] = (float(grade.auto_score), top)
                blank.append(grade.name)
            else:
                manual[grade.name] = (None, top)
        else:
            per_test[grade.name] = (float(grade.score), top)
    outcome.score, outcome.per_test, outcome.manual = float(notebook.score), per_test, manual
    outcome.blank = sorted(blank)
    outcome.changed = sorted(name for name in changed if manual.get(name, (0.0,))[0] is None)
    outcome.comments = {c.name: c.manual_comment.strip() for c in notebook.comments
                        if (c.manual_comment or "").strip()}
    return outcome


def refresh(outcomes: list[Outcome], url: str) -> list[Outcome]:
    """Bring the graded outcomes up to date with the gradebook (manual grades and comments given since)."""
    graded = [o for o in outcomes if o.status in (GRADED, FLAGGED)]
    if not graded:
        return outcomes
    store = OutcomeStore(url)
    changed: dict[tuple[str, str], set[str]] = {}
    try:
        for (student, chapter, gid), (_, flag) in store.written().items():
            if flag:
                changed.setdefault((student, chapter), set()).add(gid)
    finally:
        store.dispose()
    with Gradebook(url) as gb:
        commented = {(c.student.id, c.assignment.name) for c in
                     gb.db.query(Comment).filter(Comment.manual_comment.isnot(None))}
        written: dict[str, bool] = {}   # chapter -> has written answers (the others need no look-up)
        for outcome in graded:
            if outcome.chapter not in written:
                try:
                    cells = gb.find_notebook(outcome.chapter, outcome.chapter).grade_cells
                    written[outcome.chapter] = any(cell.cell_type == "markdown" for cell in cells)
                except MissingEntry:
                    written[outcome.chapter] = False
            if not written[outcome.chapter] and (outcome.student, outcome.chapter) not in commented:
                continue
            try:
                read_grades(outcome, gb, changed.get((outcome.student, outcome.chapter), set()))
            except MissingEntry:
                pass
    return outcomes
