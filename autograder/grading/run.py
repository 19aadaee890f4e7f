"""Grade a folder of submissions (``<student>/<chapter>/<chapter>.ipynb``) with nbgrader.

Steps, in order: find submissions → preflight each → register the chapters in the gradebook
(generate_assignment) → autograde each gradable submission → feedback → grades.csv.
A submission that fails any step gets an outcome with its reason; the batch always goes on.
"""
import html
import shutil
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI

from .. import paths
from ..nbgrader_config import course_config
from .feedback_filter import HideHiddenTests
from .outcome import FAILED, GRADED, INVALID, Outcome, write_grades
from .preflight import check_submission


@dataclass
class ClassReport:
    outcomes: list[Outcome]
    grades_csv: Path
    feedback_dir: Path

    def summary(self) -> str:
        lines = [f"{'student':<16}{'chapter':<20}{'score':>8}  status  reason"]
        for o in sorted(self.outcomes, key=lambda o: (o.student, o.chapter)):
            lines.append(f"{o.student:<16}{o.chapter:<20}{o.score:>4g}/{o.max_score:<3g}  {o.status:<7} {o.reason[:90]}")
        return "\n".join(lines)


def find_submissions(submitted: Path, chapters: list[str]) -> list[tuple[str, str, Path]]:
    """(student, chapter, notebook path) for every chapter folder a student handed in."""
    found = []
    for student_dir in sorted(p for p in submitted.iterdir() if p.is_dir()):
        for chapter in chapters:
            folder = student_dir / chapter
            if folder.is_dir():
                found.append((student_dir.name, chapter, folder / f"{chapter}.ipynb"))
    return found


def _api(out: Path, staged: Path) -> NbGraderAPI:
    config = course_config(out, release=out / "release", submitted=staged, db_path=out / "gradebook.db")
    config.CourseDirectory.autograded_directory = str(out / "autograded")
    config.CourseDirectory.feedback_directory = str(out / "feedback")
    from nbgrader.preprocessors import GetGrades
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    config.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
    return NbGraderAPI(config=config)


def _max_score(out: Path, chapter: str) -> float:
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        return float(gb.find_assignment(chapter).max_score)


def _scores(out: Path, student: str, chapter: str) -> tuple[float, dict[str, tuple[float, float]]]:
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(chapter, chapter, student)
        per_test = {g.name: (float(g.score), float(g.max_score)) for g in notebook.grades}
        return float(notebook.score), per_test


def _error_reason(result: dict) -> str:
    text = (result.get("error") or result.get("log") or "").strip().splitlines()
    return text[-1][:300] if text else "nbgrader failed without a message"


def _write_invalid_feedback(out: Path, student: str, chapter: str, reason: str) -> None:
    target = out / "feedback" / student / chapter / f"{chapter}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
        f"{html.escape(chapter)}</title></head><body>"
        f"<h1>{html.escape(chapter)} — {html.escape(student)}</h1>"
        "<p>제출한 파일을 채점할 수 없습니다. / Your submission could not be graded.</p>"
        f"<p><strong>{html.escape(reason)}</strong></p>"
        "<p>점수 / Score: 0</p></body></html>", encoding="utf-8")


def grade_class(submitted: Path, out: Path, chapters: list[str] | None = None, jobs: int = 1) -> ClassReport:
    chapters = chapters or paths.chapters()
    out, submitted = out.resolve(), submitted.resolve()
    if out.exists():
        shutil.rmtree(out)
    staged = out / "submitted"
    staged.mkdir(parents=True)
    api = _api(out, staged)

    for chapter in chapters:
        result = api.generate_assignment(chapter, force=True, create=True)
        if not result["success"]:
            raise RuntimeError(f"{chapter}: cannot register the chapter in the gradebook: {_error_reason(result)}")
    max_scores = {chapter: _max_score(out, chapter) for chapter in chapters}

    outcomes = []
    for student, chapter, notebook in find_submissions(submitted, chapters):
        outcomes.append(_grade_one(api, out, staged, student, chapter, notebook, max_scores[chapter]))

    grades = write_grades(outcomes, out / "grades.csv")
    return ClassReport(outcomes, grades, out / "feedback")


def _grade_one(api, out, staged, student, chapter, notebook, max_score) -> Outcome:
    if not notebook.exists():
        reason = (f"{chapter}.ipynb 가 없습니다 / no {chapter}.ipynb in the chapter folder")
        _write_invalid_feedback(out, student, chapter, reason)
        return Outcome(student, chapter, 0.0, max_score, INVALID, reason)
    check = check_submission(notebook)
    if not check.ok:
        _write_invalid_feedback(out, student, chapter, check.reason)
        return Outcome(student, chapter, 0.0, max_score, INVALID, check.reason)
    target = staged / student / chapter
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(notebook, target / f"{chapter}.ipynb")

    result = api.autograde(chapter, student, force=True, create=True)
    if not result["success"]:
        reason = f"자동 채점 실패 / autograde failed: {_error_reason(result)}"
        _write_invalid_feedback(out, student, chapter, reason)
        return Outcome(student, chapter, 0.0, max_score, FAILED, reason)
    try:
        score, per_test = _scores(out, student, chapter)
    except MissingEntry:
        reason = "채점 결과가 성적부에 없습니다 / no grades recorded in the gradebook"
        return Outcome(student, chapter, 0.0, max_score, FAILED, reason)
    feedback = api.generate_feedback(chapter, student, force=True)
    reason = check.reason
    if not feedback["success"]:
        reason = "; ".join(filter(None, [reason, f"feedback failed: {_error_reason(feedback)}"]))
    return Outcome(student, chapter, score, max_score, GRADED, reason, per_test)
