"""Reading a cell as Python in time proportional to its length, whatever a student puts in it.

IPython's own ``TransformerManager`` turns ``%magic`` and ``!shell`` lines into Python, but its cost
grows with the square of a cell's lines (one 63 KB cell of ``!true`` lines took six minutes), and the
grader reads every cell of every submission. It never needs the transformed code, only whether a cell
is Python, and whether it uses IPython's own syntax: such lines become ``pass`` here and the cell is
parsed once. Cells longer than ``MAX_CELL_CHARS`` are not read at all (``too_large``).

The kernel first applies IPython's clean-up transforms (leading blank lines, a common indent, pasted
``>>>`` and ``In [1]:`` prompts): they are linear, so they are applied here too, and a cell is read
as the kernel will run it. A cell that is Python only after IPython's rewriting, and that the
rewriting here cannot read, says so (``uses_ipython`` with no tree): the kernel may run code that no
one has read.
"""
import ast
import io
import re
import tokenize
from dataclasses import dataclass

MAX_CELL_CHARS = 64 * 1024
# %magic, !cmd, x = !cmd, x = %magic, and the autocall escapes /f x, ,f a b, ;f a b
IPYTHON_LINE = re.compile(r"[ \t]*(?:[%!/,;?]|[\w., \t]+=[ \t]*[%!])")


def _ipython_line(line: str) -> bool:
    return bool(IPYTHON_LINE.match(line)) or line.rstrip().endswith("?")   # obj? asks for help


@dataclass
class ParsedCell:
    tree: ast.Module | None          # None: not Python (error says why) or too large
    uses_ipython: bool = False       # %magic, %%cell magic, !shell, x = !cmd, obj?
    error: SyntaxError | None = None
    too_large: bool = False


def _cleaned(source: str) -> str:
    """``source`` after IPython's clean-up transforms, with its leading blank lines kept (IPython drops
    them) so that line numbers stay the student's."""
    from IPython.core.inputtransformer2 import TransformerManager, leading_empty_lines

    lines = source.splitlines(keepends=True)
    body = leading_empty_lines(lines)
    head = lines[:len(lines) - len(body)]
    for transform in TransformerManager().cleanup_transforms:
        if transform is not leading_empty_lines:
            body = transform(body)
    return "".join(head + body)


def _logical_line_starts(source: str) -> set[int] | None:
    """The line numbers where a logical line starts (IPython reads an escape only there, not inside a
    string or brackets); None when the cell cannot be tokenized."""
    starts, at_start = set(), True
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in (tokenize.NEWLINE, tokenize.NL) and token.line.strip() == "" or \
                    token.type in (tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT):
                continue
            if at_start:
                starts.add(token.start[0])
            at_start = token.type == tokenize.NEWLINE
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    return starts


def parse_cell(source: str) -> ParsedCell:
    if len(source) > MAX_CELL_CHARS:
        return ParsedCell(None, too_large=True)
    cleaned = _cleaned(source)
    rewritten = cleaned != source
    source = cleaned
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
    starts = _logical_line_starts(source)
    rewritten = rewritten or any(new != old and (starts is None or number in starts)
                                 for number, (new, old) in enumerate(zip(lines, source.split("\n")), start=1))
    try:
        return ParsedCell(ast.parse("\n".join(lines)), uses_ipython=True)
    except SyntaxError as error:
        return ParsedCell(None, uses_ipython=rewritten, error=error)
    except (ValueError, RecursionError, MemoryError) as error:
        return ParsedCell(None, uses_ipython=rewritten, error=SyntaxError(str(error)))
