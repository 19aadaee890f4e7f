"""Give a submission the graded-cell structure of the lesson before nbgrader sees it.

Students delete, duplicate, split and retype cells (nbgrader#1083, #1941); stock nbgrader then
fails the whole notebook or grades the wrong cell. Here, by nbgrader ``grade_id`` against the
released lesson:

- every marked cell of the lesson appears exactly once, with the lesson's cell type and
  nbgrader metadata (points, locked, grade) — a student cannot change its points or id;
- a deleted marked cell is put back after the marked cell that precedes it in the lesson
  (a deleted answer comes back as the unsolved stub; tests are restored by nbgrader anyway);
- a duplicate (the second cell with the same id) or a cell carrying an id the lesson does not
  have stays as an ordinary cell without nbgrader marks;
- an answer cell retyped to Markdown/raw is turned back into code.
Every change is noted; the notes go into the outcome's reason.
"""
import copy

import nbformat

from ..cells import grade_id, nbgrader_meta


KEYS = ("grade", "grade_id", "locked", "solution", "task", "points")


def _marks(cell) -> dict:
    meta = nbgrader_meta(cell)
    return {k: meta.get(k) for k in KEYS if not (k == "points" and not meta.get("grade"))}


def _ordinary(cell):
    cell = copy.deepcopy(cell)
    cell.get("metadata", {}).pop("nbgrader", None)
    return cell


def _as(cell, reference):
    """``cell``'s content with ``reference``'s type and nbgrader metadata."""
    meta = copy.deepcopy(nbgrader_meta(reference))
    if reference.cell_type == "code":
        new = nbformat.v4.new_code_cell(cell.get("source", ""))
    elif reference.cell_type == "markdown":
        new = nbformat.v4.new_markdown_cell(cell.get("source", ""))
    else:
        new = nbformat.v4.new_raw_cell(cell.get("source", ""))
    new.metadata.update({k: v for k, v in cell.get("metadata", {}).items() if k != "nbgrader"})
    new.metadata["nbgrader"] = meta
    return new


def repair(submission, release) -> tuple[object, list[str]]:
    """(repaired copy of ``submission``, notes in Korean / English)."""
    reference = {grade_id(c): c for c in release.cells if grade_id(c)}
    order = [grade_id(c) for c in release.cells if grade_id(c)]
    notes, seen, out = [], set(), []
    for cell in submission.cells:
        gid = grade_id(cell) if isinstance(nbgrader_meta(cell), dict) else ""
        if gid in reference and gid not in seen:
            ref = reference[gid]
            if cell.cell_type != ref.cell_type:
                notes.append(f"셀 {gid} 의 종류를 {ref.cell_type} 로 되돌림 / cell {gid} retyped "
                             f"{cell.cell_type} → restored as {ref.cell_type}")
                out.append(_as(cell, ref))
            elif _marks(cell) != _marks(ref):
                notes.append(f"셀 {gid} 의 채점 정보를 되돌림 / cell {gid}: nbgrader metadata restored")
                out.append(_as(cell, ref))
            elif nbgrader_meta(cell) != nbgrader_meta(ref):
                out.append(_as(cell, ref))
            else:
                out.append(copy.deepcopy(cell))
            seen.add(gid)
        elif gid:
            kind = "중복 / duplicate" if gid in seen else "모르는 id / unknown id"
            notes.append(f"셀 {gid}: {kind} — 일반 셀로 채점하지 않음 / not graded, kept as an ordinary cell")
            out.append(_ordinary(cell))
        else:
            out.append(copy.deepcopy(cell))
    for index, gid in enumerate(order):
        if gid in seen:
            continue
        before = [g for g in order[:index] if g in seen]
        position = 0
        if before:
            position = next(i for i, c in enumerate(out) if grade_id(c) == before[-1] and
                            nbgrader_meta(c) == nbgrader_meta(reference[before[-1]])) + 1
        out.insert(position, copy.deepcopy(reference[gid]))
        seen.add(gid)
        notes.append(f"지워진 셀 {gid} 를 되살림 / deleted cell {gid} restored from the lesson")
    repaired = copy.deepcopy(submission)
    repaired.cells = out
    for cell in repaired.cells:  # fresh ids: duplicates would make the notebook invalid
        cell["id"] = None
    repaired = nbformat.from_dict(repaired)
    for i, cell in enumerate(repaired.cells):
        cell["id"] = f"cell-{i}"
    return repaired, notes
