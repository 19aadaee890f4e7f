"""Per-student feedback page in Korean and English: points per exercise, what each visible test
said, the student's own code; hidden test code never appears (``HideHiddenTests``)."""
import html
import re
from pathlib import Path

import nbformat

from ..cells import grade_id, is_graded_test, is_solution, split_hidden
from .feedback_filter import HideHiddenTests
from .outcome import Outcome

ANSI = re.compile(r"\x1b\[[0-9;]*m")
STATUS = {"graded": ("채점됨", "graded"), "invalid": ("채점할 수 없음", "could not be graded"),
          "error": ("채점 오류", "grading error"), "flagged": ("검토 필요(변조 의심)", "held for review (tampering suspected)")}
STYLE = """body{font-family:'NanumGothic','Noto Sans KR',sans-serif;max-width:60em;margin:2em auto;padding:0 1em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}pre{background:#f6f6f6;padding:.6em;
overflow-x:auto;white-space:pre-wrap}.ok{color:#17692b}.fail{color:#a11}[lang=en]{color:#444}"""


def _both(ko: str, en: str) -> str:
    return f'<span lang="ko">{html.escape(ko)}</span> / <span lang="en">{html.escape(en)}</span>'


LINE = re.compile(r"(?:Cell In\[\d+\]|<ipython-input-\d+-[0-9a-f]+>), line (\d+)")


def _errors(cell) -> str:
    """Messages of the failing checks; a check in the hidden part shows only that it failed."""
    visible_lines = len(split_hidden(cell.source)[0].rstrip().split("\n"))
    texts = []
    for o in cell.get("outputs", []):
        if o.get("output_type") != "error":
            continue
        found = LINE.search(ANSI.sub("", "\n".join(o.get("traceback", []))))
        if found and int(found.group(1)) > visible_lines:
            texts.append(f"{o.get('ename', '')}: 숨은 테스트에서 실패했습니다 / a hidden test failed")
        else:
            texts.append(f"{o.get('ename', '')}: {o.get('evalue', '')}")
    return ANSI.sub("", "\n".join(texts)).strip()


def render(outcome: Outcome, autograded: Path | None) -> str:
    ko_status, en_status = STATUS.get(outcome.status, (outcome.status, outcome.status))
    parts = [f"<!DOCTYPE html><html lang='ko'><head><meta charset='utf-8'><title>{html.escape(outcome.chapter)} — "
             f"{html.escape(outcome.student)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{html.escape(outcome.chapter)} — {html.escape(outcome.student)}</h1>",
             f"<p>{_both('점수', 'Score')}: <strong>{outcome.score:g} / {outcome.max_score:g}</strong> "
             f"({_both(ko_status, en_status)})</p>"]
    if outcome.reason:
        parts.append(f"<p>{_both('참고', 'Note')}: <strong>{html.escape(outcome.reason)}</strong></p>")
    if outcome.status != "graded":
        parts.append(f"<p>{_both('제출한 파일을 채점할 수 없습니다. 점수: 0', 'Your submission could not be graded. Score: 0')}</p>")
    if outcome.per_test:
        parts.append(f"<h2>{_both('연습 문제별 점수', 'Points per exercise')}</h2><table><tr><th>{_both('테스트', 'test')}</th>"
                     f"<th>{_both('점수', 'points')}</th></tr>")
        for name, (score, max_score) in sorted(outcome.per_test.items()):
            mark = "ok" if score >= max_score else "fail"
            parts.append(f"<tr><td>{html.escape(name)}</td><td class='{mark}'>{score:g} / {max_score:g}</td></tr>")
        parts.append("</table>")
    if autograded is not None and autograded.exists():
        nb = nbformat.read(autograded, as_version=4)
        hide = HideHiddenTests()
        parts.append(f"<h2>{_both('내 답과 테스트 결과', 'Your answers and the test results')}</h2>")
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not (is_solution(cell) or is_graded_test(cell)):
                continue
            message = _errors(cell) if is_graded_test(cell) else ""
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
