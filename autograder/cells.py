"""Reading the nbgrader marks of a notebook: exercises, solution and test cells, hidden regions."""
from dataclasses import dataclass, field

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_solution(cell) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def is_graded_test(cell) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def is_written(cell) -> bool:
    """A written answer: a markdown cell marked solution + grade, graded by hand in nbgrader's formgrader
    (its source in solutions/ is the model answer; the lesson shows nbgrader's text stub)."""
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "markdown" and bool(meta.get("solution")) and bool(meta.get("grade"))


ANSWER_KEY_TAG = "answer-key"


def is_answer_key(cell) -> bool:
    """A markdown cell of the instructors' answer key (tag ``answer-key``): in solutions/ only."""
    return ANSWER_KEY_TAG in (cell.get("metadata", {}).get("tags") or [])


def grade_id(cell) -> str:
    return nbgrader_meta(cell).get("grade_id", "")


def split_hidden(source: str) -> tuple[str, str]:
    """Split a test cell's source into (visible part, hidden part)."""
    visible, hidden, inside = [], [], False
    for line in source.split("\n"):
        if BEGIN_HIDDEN in line:
            inside = True
        elif END_HIDDEN in line:
            inside = False
        elif inside:
            hidden.append(line)
        else:
            visible.append(line)
    return "\n".join(visible), "\n".join(hidden)


def solution_lines(source: str) -> list[str]:
    """The lines between BEGIN/END SOLUTION markers (what the student must write)."""
    lines, inside = [], False
    for line in source.split("\n"):
        if BEGIN_SOLUTION in line:
            inside = True
        elif END_SOLUTION in line:
            inside = False
        elif inside:
            lines.append(line)
    return lines


def lines_outside_solution(source: str) -> list[str]:
    """The lines of a solution cell that its lesson keeps (a function's header around the markers).

    A cell without markers is replaced whole in the lesson, so none of it is kept."""
    if BEGIN_SOLUTION not in source:
        return []
    kept, inside = [], False
    for line in source.split("\n"):
        if BEGIN_SOLUTION in line:
            inside = True
        elif END_SOLUTION in line:
            inside = False
        elif not inside:
            kept.append(line)
    return kept


@dataclass
class Exercise:
    """One solution cell and the graded test cells that follow it."""
    solution_index: int
    solution_id: str
    test_indices: list[int] = field(default_factory=list)


def exercises(nb) -> list[Exercise]:
    """Group each graded test cell with the nearest solution cell before it."""
    found: list[Exercise] = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and is_solution(cell):
            found.append(Exercise(index, grade_id(cell)))
        elif is_graded_test(cell):
            if not found:
                raise ValueError(f"graded cell {grade_id(cell)!r} has no solution cell before it")
            found[-1].test_indices.append(index)
    return found


def points(cell) -> float:
    return float(nbgrader_meta(cell).get("points", 0) or 0)
