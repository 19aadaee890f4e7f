"""Cell builders for writing a chapter notebook from Python (authors' convenience).

The notebook in solutions/ stays the single source; these helpers only make cells with the
right nbgrader marks and the bilingual markup that the book's language switch understands.
"""
import textwrap
from pathlib import Path

import nbformat

SETUP_SOURCE = '''\
# 준비 / Setup: 라이브러리와 그림용 한글 글꼴 / libraries and a Korean font for figures
import numpy as np
import matplotlib.pyplot as plt

try:
    import koreanize_matplotlib  # noqa: F401  한글 글꼴 / Korean glyphs in figures
except ImportError:  # 예: Colab에서 처음 실행할 때 / e.g. the first run on Colab (no restart needed)
    import subprocess, sys
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "koreanize-matplotlib"], check=False)
    try:
        import koreanize_matplotlib  # noqa: F401
    except ImportError:
        print("한글 글꼴을 설치하지 못했습니다: 그림의 한글이 네모로 보일 수 있습니다. / "
              "Could not install a Korean font: Korean labels in figures may show as boxes.")
np.set_printoptions(precision=4, suppress=True)
plt.rcParams["font.size"] = 12   # 휴대 전화에서도 읽히는 그림 글자 / figure text readable on a phone too'''

# The shared test helpers (check, check_close, @visible_test, self_check): one file, the same cell in every
# chapter (autograder/course/self_check.py explains how the tests use them).
HELPERS_SOURCE = (Path(__file__).parent / "templates" / "test_helpers.py").read_text(encoding="utf-8").rstrip("\n")


def _dedent(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def _nbgrader(cell, grade_id: str, *, solution=False, grade=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    return cell


def _sections(text: str) -> list[tuple[str, str]]:
    """Split markdown into (heading line or "", body) pairs at lines that start with '#'
    (outside fenced code, where '#' starts a comment)."""
    parts, heading, body, fenced = [], "", [], False
    for line in _dedent(text).split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if line.startswith("#") and not fenced:
            if heading or any(b.strip() for b in body):
                parts.append((heading, "\n".join(body).strip("\n")))
            heading, body = line, []
        else:
            body.append(line)
    parts.append((heading, "\n".join(body).strip("\n")))
    return parts


def _pair(ko_body: str, en_body: str) -> str:
    blocks = []
    if ko_body.strip():
        blocks.append(f'<div lang="ko">\n\n{ko_body}\n\n</div>')
    if en_body.strip():
        blocks.append(f'<div lang="en">\n\n{en_body}\n\n</div>')
    return "\n\n".join(blocks)


def md(ko: str, en: str):
    """A paired explanation: Korean first, then English, each complete.

    Headings cannot sit inside the language blocks (a heading opens a section in the book and would
    break the page), so each pair of headings becomes one shared heading "## 한국어 / English" and
    the text under it is paired in <div lang="ko"> / <div lang="en"> blocks.
    """
    ko_parts, en_parts = _sections(ko), _sections(en)
    if [h.split(" ")[0] for h, _ in ko_parts] != [h.split(" ")[0] for h, _ in en_parts]:
        raise ValueError("md(ko, en): the Korean and English texts must have the same headings, in the same "
                         f"order and levels; got {[h for h, _ in ko_parts]} vs {[h for h, _ in en_parts]}")
    chunks = []
    for (ko_heading, ko_body), (en_heading, en_body) in zip(ko_parts, en_parts):
        if ko_heading:
            marks, ko_title = ko_heading.split(" ", 1)
            en_title = en_heading.split(" ", 1)[1]
            same_number = ko_title.split(" ")[0] == en_title.split(" ")[0] and ko_title[0].isdigit()
            if same_number:  # "1. 퍼셉트론이란" + "1. What a perceptron is" -> "1. 퍼셉트론이란 / What a perceptron is"
                en_title = en_title.split(" ", 1)[1]
            chunks.append(f"{marks} {ko_title} / {en_title}")
        if ko_body.strip() or en_body.strip():
            chunks.append(_pair(ko_body, en_body))
    return nbformat.v4.new_markdown_cell("\n\n".join(chunks))


def shared_md(text: str):
    """Markdown shared by both languages (a title with both names, an equation, a table)."""
    return nbformat.v4.new_markdown_cell(_dedent(text))


def code(source: str, tags: list[str] | None = None):
    cell = nbformat.v4.new_code_cell(_dedent(source))
    if tags:
        cell.metadata["tags"] = tags
    return cell


def locked(grade_id: str, source: str):
    """Read-only code: nbgrader restores it from solutions/ when grading."""
    return _nbgrader(nbformat.v4.new_code_cell(_dedent(source)), grade_id, locked=True)


def setup_cell():
    return locked("setup", SETUP_SOURCE)


def helpers_cell():
    return locked("test_helpers", HELPERS_SOURCE)


def solution(grade_id: str, source: str):
    """The exercise: code between ### BEGIN SOLUTION / ### END SOLUTION becomes a stub for students."""
    return _nbgrader(nbformat.v4.new_code_cell(_dedent(source)), grade_id, solution=True)


def written(grade_id: str, points: float, model_answer: str):
    """A written answer graded by hand in formgrader: ``model_answer`` (markdown) stays in solutions/; the
    lesson shows nbgrader's text stub. ``grade_id`` should start with ``written_``."""
    cell = nbformat.v4.new_markdown_cell(_dedent(model_answer))
    return _nbgrader(cell, grade_id, solution=True, grade=True, points=points)


def answer_key(ko: str, en: str):
    """The instructors' answer key to the questions to think about: solutions/ only (tag ``answer-key``)."""
    cell = md(ko, en)
    cell.metadata["tags"] = ["answer-key"]
    return cell


def test(grade_id: str, points: float, visible: str, hidden: str):
    """A graded test cell: visible checks, then hidden checks that only the grader runs."""
    source = (f"{_dedent(visible)}\n\n### BEGIN HIDDEN TESTS\n{_dedent(hidden)}\n### END HIDDEN TESTS")
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["exercise-test"]
    return _nbgrader(cell, grade_id, grade=True, locked=True, points=points)


def notebook(cells_: list, title: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells_
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "title": title,
    }
    return nb
