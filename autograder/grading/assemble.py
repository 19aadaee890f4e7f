"""The notebook that is graded: the lesson as released, with only the student's answer cells put in.

Every other cell (setup, demonstrations, visible tests, and any cell the student added or changed)
is the lesson's own, so code outside an answer cell never runs when grading. The lessons' opening
cell and the students' guide say so: helpers go inside the answer cell.
"""
import copy

import nbformat

from ..cells import grade_id, is_solution
from .cell_syntax import MAX_CELL_CHARS


def _added(submission, release) -> int:
    """Code cells of the submission that are neither an answer nor a cell of the lesson as released."""
    lesson_sources = {cell.source.strip() for cell in release.cells}
    return sum(1 for cell in submission.cells
               if cell.cell_type == "code" and not grade_id(cell) and cell.source.strip()
               and cell.source.strip() not in lesson_sources)


def _edited(submission, release) -> list[str]:
    """Marked cells other than answers (tests, given code) whose text the student changed: ids in lesson order."""
    lesson = {grade_id(c): c.source.strip() for c in release.cells if grade_id(c) and not is_solution(c)}
    changed = {grade_id(c) for c in submission.cells
               if grade_id(c) in lesson and not is_solution(c) and c.source.strip() != lesson[grade_id(c)]}
    return [gid for gid in lesson if gid in changed]


def assemble(repaired, release) -> tuple[object, list[str]]:
    """(notebook to grade, notes). ``repaired`` has every marked cell of the lesson exactly once.

    Answer cells are code answers and written answers (markdown, graded by hand in formgrader): a
    written answer is put in as the student wrote it, is never run, and nbgrader leaves it unscored."""
    answers = {grade_id(c): c.source for c in repaired.cells if is_solution(c)}
    graded = copy.deepcopy(release)
    notes = []
    for cell in graded.cells:
        if is_solution(cell) and grade_id(cell) in answers:
            if len(answers[grade_id(cell)]) > MAX_CELL_CHARS:
                notes.append(f"답 셀 {grade_id(cell)} 이 너무 길어 실행하지 않음 / answer cell {grade_id(cell)} too long, "
                             "not run")
                continue
            cell.source = answers[grade_id(cell)]
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    graded = nbformat.from_dict(graded)
    edited = _edited(repaired, release)
    if edited:
        names = ", ".join(edited)
        notes.append(f"고친 셀 {names} 은 쓰지 않고 레슨의 원래 셀로 채점함 / edited cell(s) {names} replaced by the "
                     "lesson's own when grading (tests and given code are never taken from a hand-in)")
    added = _added(repaired, release)
    if added:
        notes.append(f"답 셀 밖의 셀 {added}개는 채점 때 실행하지 않음 / {added} cell(s) outside the answer "
                     "cells not run when grading")
    return graded, notes
