"""Checks a submission before nbgrader sees it, so that one broken file cannot stop a batch."""
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ..cells import is_solution
from .cell_syntax import MAX_CELL_CHARS, parse_cell

MAX_NOTEBOOK_BYTES = 50 * 2**20   # far above any honest hand-in (figures included)


@dataclass
class Preflight:
    ok: bool                 # False: the file cannot be graded at all
    reason: str = ""         # why not, or a warning (a syntax error) when it can still be graded


def _syntax_errors(nb) -> list[str]:
    found = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        parsed = parse_cell(cell.source)
        if parsed.too_large and is_solution(cell):
            found.append(f"셀 {number}: 답 셀이 너무 깁니다({len(cell.source) // 1024} KB > {MAX_CELL_CHARS // 1024} KB), "
                         f"실행하지 않음 / cell {number}: answer cell too long ({len(cell.source) // 1024} KB > "
                         f"{MAX_CELL_CHARS // 1024} KB), not run")
        elif parsed.error is not None:
            found.append(f"셀 {number}, 줄 {parsed.error.lineno} / cell {number}, line {parsed.error.lineno}: "
                         f"SyntaxError: {parsed.error.msg}")
    return found


def check_submission(path: Path) -> Preflight:
    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
        return Preflight(False, f"노트북이 너무 큽니다({path.stat().st_size // 2**20} MB > {MAX_NOTEBOOK_BYTES // 2**20} MB) / "
                                f"notebook too large ({path.stat().st_size // 2**20} MB > {MAX_NOTEBOOK_BYTES // 2**20} MB)")
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return Preflight(False, "노트북이 아닙니다(UTF-8 텍스트가 아님) / not a notebook (not UTF-8 text)")
    try:
        json.loads(raw)
    except json.JSONDecodeError as error:
        return Preflight(False, f"노트북이 아닙니다(JSON 오류) / not a notebook (invalid JSON: {error.msg}, "
                                f"line {error.lineno})")
    try:
        nb = nbformat.reads(raw, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises several unrelated types for malformed files
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return Preflight(False, f"올바른 노트북 형식이 아닙니다 / not a valid notebook: {first_line}")
    errors = _syntax_errors(nb)
    return Preflight(True, "; ".join(errors))
