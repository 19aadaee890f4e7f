"""Checks a submission before nbgrader sees it, so that one broken file cannot stop a batch."""
import ast
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat
from IPython.core.inputtransformer2 import TransformerManager


@dataclass
class Preflight:
    ok: bool                 # False: the file cannot be graded at all
    reason: str = ""         # why not, or a warning (a syntax error) when it can still be graded


def _syntax_errors(nb) -> list[str]:
    transform = TransformerManager().transform_cell  # turns %magics and !shell into plain Python
    found = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        try:
            ast.parse(transform(cell.source))
        except SyntaxError as error:
            found.append(f"셀 {number}, 줄 {error.lineno} / cell {number}, line {error.lineno}: "
                         f"SyntaxError: {error.msg}")
    return found


def check_submission(path: Path) -> Preflight:
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
