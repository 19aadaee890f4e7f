"""Reading a cell as Python in time proportional to its length, whatever a student puts in it.

IPython's own ``TransformerManager`` turns ``%magic`` and ``!shell`` lines into Python, but its cost
grows with the square of a cell's lines (one 63 KB cell of ``!true`` lines took six minutes), and the
grader reads every cell of every submission. It never needs the transformed code, only whether a cell
is Python, and whether it uses IPython's own syntax: such lines become ``pass`` here and the cell is
parsed once. Cells longer than ``MAX_CELL_CHARS`` are not read at all (``too_large``).
"""
import ast
import re
from dataclasses import dataclass

MAX_CELL_CHARS = 64 * 1024
# %magic, !cmd, x = !cmd, x = %magic, and the autocall escapes /f x, ,f a b, ;f a b
IPYTHON_LINE = re.compile(r"[ \t]*(?:[%!/,;]|[\w., \t]+=[ \t]*[%!])")


def _ipython_line(line: str) -> bool:
    return bool(IPYTHON_LINE.match(line)) or line.rstrip().endswith("?")   # obj? asks for help


@dataclass
class ParsedCell:
    tree: ast.Module | None          # None: not Python (error says why) or too large
    uses_ipython: bool = False       # %magic, %%cell magic, !shell, x = !cmd, obj?
    error: SyntaxError | None = None
    too_large: bool = False


def parse_cell(source: str) -> ParsedCell:
    if len(source) > MAX_CELL_CHARS:
        return ParsedCell(None, too_large=True)
    try:
        return ParsedCell(ast.parse(source))
    except SyntaxError:
        pass
    except (ValueError, RecursionError, MemoryError) as error:   # NUL bytes, absurd nesting
        return ParsedCell(None, error=SyntaxError(str(error)))
    if source.lstrip().startswith("%%"):
        return ParsedCell(ast.parse(""), uses_ipython=True)        # a cell magic: its body is not Python
    lines = [line[:len(line) - len(line.lstrip())] + "pass" if _ipython_line(line) else line
             for line in source.split("\n")]
    try:
        return ParsedCell(ast.parse("\n".join(lines)), uses_ipython=True)
    except SyntaxError as error:
        return ParsedCell(None, error=error)
    except (ValueError, RecursionError, MemoryError) as error:
        return ParsedCell(None, error=SyntaxError(str(error)))
