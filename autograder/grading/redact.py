"""The last pass over every text a student gets back: nothing of a hidden test survives it.

Whatever the code under test prints or raises, and whatever the visible part of a test says, a
line of a hidden test's source or one of its literals (an expected value, a message) is replaced
before the text is written. The hidden parts' own outputs are already the grader's words
(``hidden_parts.py``); this pass also covers what a student's code could carry out of the
kernel into a visible message (IPython's history, a caller's frame, a value kept for later).
"""
import ast
import re

MASK = "[숨김 / hidden]"
MIN_LINE = 8        # shorter lines (``else:``, ``)``) say nothing
MIN_LITERAL = 3     # shorter literals (``0``, ``1.``, ``"x"``) are everywhere


def fragments(hidden_sources: list[str]) -> list[str]:
    """Lines and literals of the hidden parts, longest first."""
    found: set[str] = set()
    for source in hidden_sources:
        found.update(line.strip() for line in source.splitlines() if len(line.strip()) >= MIN_LINE)
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, complex)) \
                    and not isinstance(node.value, bool):
                for text in {str(node.value), repr(node.value)}:
                    if len(text) >= MIN_LITERAL:
                        found.add(text)
                for piece in (re.split(r"\s*/\s*", node.value) if isinstance(node.value, str) else []):
                    if len(piece.strip()) >= MIN_LINE:
                        found.add(piece.strip())
    return sorted(found, key=len, reverse=True)


def redact(text: str, hidden: list[str]) -> str:
    for piece in hidden:
        if piece in text:
            text = text.replace(piece, MASK)
    return text
