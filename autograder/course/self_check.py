"""Visible tests that say which exercise to fix, and a self-check that runs them all (issue 27).

In a chapter's solution notebook every graded test cell's visible part is one function, decorated with
``@visible_test(exercise, "answer", uses=(...))`` from the shared test helpers (templates/test_helpers.py):
the decorator registers it and runs it at once. ``uses`` names the earlier exercises whose answers this
exercise or its test calls (found from the code, with what those use in turn): when the test fails, those are
re-checked first, and a failing one is named instead of this exercise's wrong value. The last code cell of
the lesson calls ``self_check({test: points})``, which runs every registered visible test again and shows a
table. It needs nothing but NumPy and IPython, so it works in Colab, a plain JupyterLab and the course's
environment alike.

``refresh(nb)`` puts a notebook in that form (idempotent): it wraps visible parts that are not wrapped yet,
and writes the self-check cells. ``problems(nb)`` is what the audit checks.
"""
import ast
import re
import textwrap

import nbformat

from .. import cells

SELF_CHECK_ID = "self_check"
SELF_CHECK_TAG = "self-check"
EXERCISE_HEADING = re.compile(r"^#{2,4} .*?연습 (\d+)\b", re.M)
DECORATOR = re.compile(r"^@visible_test\(", re.M)
SELF_CHECK_TEXT = """\
## 스스로 확인 / Self-check

<div lang="ko">

아래 셀은 이 노트북의 공개 테스트를 모두 다시 실행하고, 연습마다 걸린 점수와 결과(통과, 또는 무엇을 고칠지)를 표로 보여 줍니다. 답을 고칠 때마다 언제든 다시 실행하세요. Colab, JupyterLab 어디서나 됩니다. 채점에는 숨은 테스트도 쓰이고, 서술형 답은 강사가 읽고 채점합니다.

</div>

<div lang="en">

The cell below runs every visible test of this notebook again and shows a table: each exercise, the points at stake and its result (passed, or what to fix). Run it again whenever you change an answer; it works in Colab and in any JupyterLab. Grading adds hidden tests, and the instructor reads and grades the written answers."""
SELF_CHECK_TEXT += "\n\n</div>"


def _loaded(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} | \
           {n.value.id for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}


def _bound(source: str) -> list[str]:
    """Names a solution cell defines, functions and classes first (what the student writes)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    defs = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    assigned = [t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)]
    return defs + [a for a in assigned if a not in defs]


def exercise_table(nb) -> list[dict]:
    """Per exercise (in order): its number from the heading above it, the names it defines, its test cells."""
    found, number = [], None
    exercises = {ex.solution_index: ex for ex in cells.exercises(nb)}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            match = EXERCISE_HEADING.search(cell.source)
            number = int(match.group(1)) if match else number
        if index in exercises:
            names = _bound(cell.source)
            found.append({"number": number, "names": names, "answer": names[0] if names else "",
                          "solution": cell.source, "tests": exercises[index].test_indices})
    return found


def uses(table: list[dict], position: int, visible: str) -> tuple[int, ...]:
    """Earlier exercises that exercise ``position``'s answer or its visible test ``visible`` calls, with what
    those call in turn."""
    me = table[position]
    wanted, found = _loaded(me["solution"]) | _loaded(visible), set()
    for earlier in reversed(table[:position]):
        if earlier["number"] != me["number"] and set(earlier["names"]) & wanted:
            found.add(earlier["number"])
            wanted |= _loaded(earlier["solution"])
    return tuple(sorted(found))


def wrap(visible: str, grade_id: str, number: int, answer: str, used: tuple[int, ...],
         hidden_uses: set[str] | None = None) -> str:
    """The visible part as a @visible_test function; functions and classes it defines at top level stay
    there when the hidden part calls them (all of them when ``hidden_uses`` is None). The others move inside,
    where they still see the test's own variables (a helper appending to ``_calls`` would not)."""
    lines = visible.strip("\n").split("\n")
    kept = set()
    for node in ast.parse("\n".join(lines)).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and (hidden_uses is None or node.name in hidden_uses):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            kept |= set(range(first - 1, node.end_lineno))
    outside = "\n".join(line for i, line in enumerate(lines) if i in kept).strip("\n")
    body = textwrap.indent("\n".join(line for i, line in enumerate(lines) if i not in kept).strip("\n"), "    ")
    uses_text = f", uses={used!r}" if used else ""
    test = f"@visible_test({number}, {answer!r}{uses_text})\ndef {grade_id}():\n{body}\n"
    return f"{outside}\n\n\n{test}" if outside else test


def self_check_source(nb) -> str:
    tests = [(cells.grade_id(c), cells.points(c)) for c in nb.cells if cells.is_graded_test(c)]
    items = ",\n".join(f"    {name!r}: {points:g}" for name, points in tests)
    return ("# 스스로 확인: 공개 테스트를 모두 다시 실행합니다 (수정하지 마세요)\n"
            "# Self-check: runs every visible test again (do not edit)\n"
            f"self_check({{\n{items},\n}})")


def _self_check_cells(nb):
    heading = nbformat.v4.new_markdown_cell(SELF_CHECK_TEXT)
    heading.metadata["tags"] = [SELF_CHECK_TAG]
    call = nbformat.v4.new_code_cell(self_check_source(nb))
    call.metadata["nbgrader"] = {"grade": False, "grade_id": SELF_CHECK_ID, "locked": True, "schema_version": 3,
                                 "solution": False, "task": False}
    return [heading, call]


def is_self_check(cell) -> bool:
    return cells.grade_id(cell) == SELF_CHECK_ID or SELF_CHECK_TAG in (cell.get("metadata", {}).get("tags") or [])


def refresh(nb, helpers_source: str):
    """The notebook with wrapped visible tests, the shared helpers and the self-check cells at the end
    (before the instructors' answer key)."""
    table = exercise_table(nb)
    for position, exercise in enumerate(table):
        for index in exercise["tests"]:
            cell = nb.cells[index]
            visible, hidden = cells.split_hidden(cell.source)
            if DECORATOR.search(visible) or not visible.strip():
                continue
            used = uses(table, position, visible)
            named = [n for n in exercise["names"] if n in _loaded(visible)] or [exercise["answer"]]
            source = wrap(visible, cells.grade_id(cell), exercise["number"], named[0], used, _loaded(hidden))
            if hidden.strip():
                source += f"\n{cells.BEGIN_HIDDEN}\n{hidden.strip(chr(10))}\n{cells.END_HIDDEN}"
            cell.source = source.rstrip("\n")
    for cell in nb.cells:
        if cells.grade_id(cell) == "test_helpers":
            cell.source = helpers_source
    nb.cells = [c for c in nb.cells if not is_self_check(c)]
    at = len(nb.cells)
    while at > 0 and cells.is_answer_key(nb.cells[at - 1]):
        at -= 1
    nb.cells[at:at] = _self_check_cells(nb)
    return nb


def problems(nb) -> list[str]:
    """What keeps the self-check from covering the notebook ([] when it does)."""
    found = []
    calls = [c for c in nb.cells if cells.grade_id(c) == SELF_CHECK_ID]
    if len(calls) != 1:
        found.append("needs exactly one self-check cell (python -m autograder self-check CH)")
    elif calls[0].source != self_check_source(nb):
        found.append("the self-check cell does not list the graded tests and their points; "
                     "run python -m autograder self-check CH")
    for cell in nb.cells:
        if cells.is_graded_test(cell):
            visible, _ = cells.split_hidden(cell.source)
            if visible.strip() and not re.search(rf"^def {re.escape(cells.grade_id(cell))}\(\):", visible, re.M):
                found.append(f"visible test {cells.grade_id(cell)} is not a @visible_test function of that name")
    return found
