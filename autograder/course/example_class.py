"""The bundled example class: generated submissions for every chapter, committed under
autograder/example_class/submitted/<student>/<chapter>/<chapter>.ipynb.

Each student stands for one kind of hand-in that a grader must cope with.
"""
import copy
import re
import tempfile
from pathlib import Path

import nbformat

from .. import cells, paths

SUBMITTED = paths.EXAMPLE_CLASS / "submitted"
EXPECTED_GRADES = paths.EXAMPLE_CLASS / "expected_grades.csv"

STUDENTS = {
    "ahn_jisoo": "complete: every exercise solved",
    "baek_minho": "partial: the first half of the exercises solved, the rest left as stubs",
    "choi_yuna": "blank: the lesson handed in untouched",
    "doh_hyunwoo": "broken: complete, but the last exercise has a syntax error",
    "eom_seojin": "not a notebook: a text file saved with the .ipynb extension",
}


def _as_student_writes(source: str) -> str:
    """The reference without nbgrader's solution markers (a student's cell never has them)."""
    marks = (cells.BEGIN_SOLUTION, cells.END_SOLUTION)
    return "\n".join(line for line in source.split("\n") if line.strip() not in marks)


def _break(source: str) -> str:
    """A typo a student makes: the colon after the first ``def``/``for``/``if`` header forgotten."""
    header = re.compile(r"^(\s*(?:def|for|if|while|class)\b.*):[ \t]*$", re.M)
    if header.search(source):
        return header.sub(r"\1", source, count=1)
    return source + "\nprint((\n"


def _solved(lesson, solution, which: set[str]):
    nb = copy.deepcopy(lesson)
    reference = {cells.grade_id(c): _as_student_writes(c.source) for c in solution.cells if cells.is_solution(c)}
    for cell in nb.cells:
        if cells.is_solution(cell) and cells.grade_id(cell) in which:
            cell.source = reference[cells.grade_id(cell)]
    return nb


def submissions(chapter: str) -> dict[str, str]:
    """{student: file text} for one chapter."""
    lesson = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    ids = [cells.grade_id(c) for c in solution.cells if cells.is_solution(c)]
    complete = _solved(lesson, solution, set(ids))
    partial = _solved(lesson, solution, set(ids[: len(ids) // 2]))
    broken = copy.deepcopy(complete)
    # the typo goes into the last code answer (a written answer, graded by hand, has no syntax to break)
    last = next(c for c in reversed(broken.cells) if cells.is_solution(c) and c.cell_type == "code")
    last.source = _break(last.source)
    return {
        "ahn_jisoo": nbformat.writes(complete) + "\n",
        "baek_minho": nbformat.writes(partial) + "\n",
        "choi_yuna": nbformat.writes(lesson) + "\n",
        "doh_hyunwoo": nbformat.writes(broken) + "\n",
        "eom_seojin": f"{chapter} 과제입니다. 파일을 잘못 저장했어요.\nI saved the wrong file, sorry.\n",
    }


def _render(root: Path, chapters: list[str] | None = None) -> list[Path]:
    written = []
    for chapter in chapters or paths.chapters():
        for student, text in submissions(chapter).items():
            target = root / student / chapter / f"{chapter}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def write(chapters: list[str] | None = None) -> list[Path]:
    """(Re)write the submissions of the given chapters (all by default)."""
    return _render(SUBMITTED, chapters)


def stale_files() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        fresh_root = Path(tmp)
        fresh = {p.relative_to(fresh_root): p.read_bytes() for p in _render(fresh_root)}
    committed = {p.relative_to(SUBMITTED): p.read_bytes() for p in SUBMITTED.rglob("*.ipynb")} if SUBMITTED.exists() else {}
    return sorted(str(k) for k in fresh.keys() | committed.keys() if fresh.get(k) != committed.get(k))
