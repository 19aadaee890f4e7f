"""Find secret lines in a text: as whole lines, and inside longer lines, in one pass (Aho–Corasick).

A secret line is found where it starts and ends at a token's edge (``w = w + lr * grad`` does not
hold ``w = w + lr * g``). A line shorter than ``INSIDE_LENGTH`` counts only as a whole line: inside
other lines it is common (``mistakes = 0`` in "last mistakes = 0"). Runs of whitespace count as one
space and typeset quotes as typed ones (a PDF shows ``'`` as ``’``).
"""
from __future__ import annotations

import re

import ahocorasick

INSIDE_LENGTH = 24
_SPACES = re.compile(r"[^\S\n]{2,}|[\t\r\f\v\x85\xa0]")   # what to make one space (a single space is one)
_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _line_edge(text: str, at: int, step: int) -> bool:
    """``text[at]`` is past the start (step -1) or the end (step 1) of a line, a space aside."""
    if 0 <= at < len(text) and text[at] == " ":
        at += step
    return not 0 <= at < len(text) or text[at] == "\n"


class LineSearch:
    """The secret lines (normalised: ``leaks.normalise``) as one automaton, built once."""

    def __init__(self, lines) -> None:
        self.automaton = ahocorasick.Automaton()
        for line in lines:
            self.automaton.add_word(line.translate(_QUOTES), line)
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def found_in(self, text: str) -> set[str]:
        """The secret lines ``text`` holds, as given to the constructor."""
        if self.empty:
            return set()
        haystack = _SPACES.sub(" ", text).translate(_QUOTES)
        found = set()
        for end, line in self.automaton.iter(haystack):
            start = end - len(line) + 1
            if start > 0 and _is_word(line[0]) and _is_word(haystack[start - 1]):
                continue
            if end + 1 < len(haystack) and _is_word(line[-1]) and _is_word(haystack[end + 1]):
                continue
            if len(line) < INSIDE_LENGTH and not (_line_edge(haystack, start - 1, -1)
                                                  and _line_edge(haystack, end + 1, 1)):
                continue
            found.add(line)
        return found
