"""Per-student feedback page in Korean and English: points per exercise, what each visible test
said, the student's own code; hidden test code never appears (``HideHiddenTests``)."""
import html
import re
from pathlib import Path

import nbformat

from .. import paths
from ..cells import exercises, grade_id, is_graded_test, is_solution, is_written, split_hidden
from .execute import GRADER_ERRORS, _builtin_exception
from . import late_display
from .feedback_filter import HideHiddenTests
from .outcome import Outcome
from .redact import fragments, redact

ANSI = re.compile(r"\x1b\[[0-9;]*m")
STATUS = {"graded": ("채점됨", "graded"), "invalid": ("채점할 수 없음", "could not be graded"),
          "error": ("채점 오류", "grading error"), "flagged": ("채점됨, 강사 검토 대상", "graded, to be reviewed by the instructor")}
STYLE = """body{font-family:'NanumGothic','Noto Sans KR',sans-serif;max-width:60em;margin:2em auto;padding:0 1em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}pre{background:#f6f6f6;padding:.6em;
overflow-x:auto;white-space:pre-wrap}.ok{color:#17692b}.fail{color:#a11}[lang=en]{color:#444}"""


def _both(ko: str, en: str) -> str:
    return f'<span lang="ko">{html.escape(ko)}</span> / <span lang="en">{html.escape(en)}</span>'


def _errors(cell, hidden: list[str]) -> str:
    """Messages of the failing checks (a hidden part's errors are already the grader's own words)."""
    texts = [f"{o.get('ename', '')}: {o.get('evalue', '')}" for o in cell.get("outputs", [])
             if o.get("output_type") == "error"]
    return redact(ANSI.sub("", "\n".join(texts)).strip(), hidden)


def _names_only(cell) -> str:
    """A flagged submission's failures: which kind of error, when a builtin or the grader's own names it;
    the messages wait for the instructor's review."""
    names = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            ename = o.get("ename", "")
            names.append(ename if ename in GRADER_ERRORS or _builtin_exception(ename) else "Error")
    return "\n".join(names + ["(메시지는 강사 검토 뒤에 공개합니다 / messages are shown after the instructor's review)"])


def _lesson_order(outcome: Outcome, nb) -> list[str]:
    """Graded cells' ids in the order the lesson shows them: the graded notebook's, else the lesson's."""
    if nb is None:
        lesson = paths.lesson_notebook(outcome.chapter)
        nb = nbformat.read(lesson, as_version=4) if lesson.is_file() else None
    return [grade_id(c) for c in nb.cells if grade_id(c)] if nb is not None else []


def in_order(scores: dict, order: list[str]) -> list:
    """``scores``' items in lesson order; any name the lesson does not have comes last, by name."""
    rank = {name: i for i, name in enumerate(order)}
    return sorted(scores.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


def _comments_by_test(outcome: Outcome, nb) -> dict[str, str]:
    """Formgrader's comments on code answers, beside the first test of their exercise: test id -> comment."""
    if not outcome.comments:
        return {}
    if nb is None:
        lesson = paths.lesson_notebook(outcome.chapter)
        nb = nbformat.read(lesson, as_version=4) if lesson.is_file() else None
    if nb is None:
        return {}
    found = {}
    try:
        grouped = exercises(nb)
    except ValueError:   # a test without an answer before it: no exercise to hang a comment on
        return {}
    for exercise in grouped:
        comment = outcome.comments.get(exercise.solution_id)
        if comment and exercise.test_indices:
            found[grade_id(nb.cells[exercise.test_indices[0]])] = comment
    return found


def render(outcome: Outcome, autograded: Path | None) -> str:
    nb = nbformat.read(autograded, as_version=4) if autograded is not None and autograded.exists() else None
    hidden = fragments([split_hidden(c.source)[1] for c in nb.cells if is_graded_test(c)]) if nb else []
    order = _lesson_order(outcome, nb)
    ko_status, en_status = STATUS.get(outcome.status, (outcome.status, outcome.status))
    parts = [f"<!DOCTYPE html><html lang='ko'><head><meta charset='utf-8'><title>{html.escape(outcome.chapter)} — "
             f"{html.escape(outcome.student)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{html.escape(outcome.chapter)} — {html.escape(outcome.student)}</h1>",
             f"<p>{_both('점수', 'Score')}: <strong>{outcome.score:g} / {outcome.max_score:g}</strong> "
             f"({_both(ko_status, en_status)})</p>"]
    for ko, en in late_display.feedback_lines(outcome):   # due date, submission time, late penalty
        parts.append(f"<p class='late'>{_both(ko, en)}</p>")
    if outcome.reason:
        parts.append(f"<p>{_both('참고', 'Note')}: <strong>{html.escape(redact(outcome.reason, hidden))}</strong></p>")
    if outcome.awaiting:
        points = sum(outcome.awaiting.values())
        parts.append(f"<p>{_both(f'서술형 답 {points:g}점은 강사가 직접 채점하는 중이라 아직 점수에 들어 있지 않습니다', f'{points:g} point(s) of written answers are awaiting manual grading by the instructor and are not in the score yet')}</p>")
    if outcome.status not in ("graded", "flagged"):
        parts.append(f"<p>{_both('제출한 파일을 채점할 수 없습니다. 점수: 0', 'Your submission could not be graded. Score: 0')}</p>")
    comment_head = f"<th>{_both('강사 의견', 'instructor’s comment')}</th>"
    if outcome.per_test:
        code_comments = _comments_by_test(outcome, nb)
        parts.append(f"<h2>{_both('연습 문제별 점수', 'Points per exercise')}</h2><table><tr><th>{_both('테스트', 'test')}</th>"
                     f"<th>{_both('점수', 'points')}</th>{comment_head if code_comments else ''}</tr>")
        for name, (score, max_score) in in_order(outcome.per_test, order):
            mark = "ok" if score >= max_score else "fail"
            comment = f"<td class='comment'>{html.escape(code_comments.get(name, ''))}</td>" if code_comments else ""
            parts.append(f"<tr><td>{html.escape(name)}</td><td class='{mark}'>{score:g} / {max_score:g}</td>{comment}</tr>")
        parts.append("</table>")
    if outcome.manual:
        parts.append(f"<h2>{_both('서술형 답 (강사 채점)', 'Written answers (graded by the instructor)')}</h2><table><tr>"
                     f"<th>{_both('답', 'answer')}</th><th>{_both('점수', 'points')}</th>{comment_head}</tr>")
        for name, (score, max_score) in in_order(outcome.manual, order):
            if score is None:
                shown = f"{_both('채점 대기', 'awaiting grading')} (– / {max_score:g})"
                if name in outcome.changed:
                    shown += (" — " + _both("채점한 뒤 답을 고쳐서 다시 채점합니다",
                                            "your answer changed since it was graded, so it is graded again"))
            elif name in outcome.blank:
                shown = f"{score:g} / {max_score:g} — {_both('빈 답', 'blank answer')}"
            else:
                shown = f"{score:g} / {max_score:g}"
            comment = html.escape(outcome.comments.get(name, ""))
            parts.append(f"<tr><td>{html.escape(name)}</td><td>{shown}</td><td class='comment'>{comment}</td></tr>")
        parts.append("</table>")
    if nb is not None:
        hide = HideHiddenTests()
        parts.append(f"<h2>{_both('내 답과 테스트 결과', 'Your answers and the test results')}</h2>")
        for index, cell in enumerate(nb.cells):
            if is_written(cell):    # the student's own text, graded by hand
                parts.append(f"<h3>{html.escape(grade_id(cell))} — {_both('내 서술형 답', 'your written answer')}</h3>"
                             f"<pre>{html.escape(cell.source)}</pre>")
                continue
            if cell.cell_type != "code" or not (is_solution(cell) or is_graded_test(cell)):
                continue
            message = _errors(cell, hidden) if is_graded_test(cell) else ""
            if message and outcome.status == "flagged":   # text the answers' code may have written
                message = _names_only(cell)
            cell, _ = hide.preprocess_cell(cell, {}, index)
            title = _both("내 답", "your answer") if is_solution(cell) else _both("테스트", "test")
            parts.append(f"<h3>{html.escape(grade_id(cell))} — {title}</h3><pre>{html.escape(cell.source)}</pre>")
            if is_graded_test(cell):
                if message:
                    parts.append(f"<p class='fail'>{_both('실패', 'failed')}:</p><pre>{html.escape(message[:3000])}</pre>")
                else:
                    parts.append(f"<p class='ok'>{_both('통과', 'passed')}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write(out: Path, outcome: Outcome, autograded: Path | None = None) -> Path:
    target = out / "feedback" / outcome.student / outcome.chapter / f"{outcome.chapter}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(outcome, autograded), encoding="utf-8")
    return target
