"""Every Markdown table of the book has as many cells in each row as in its header (a stray `|` adds a column)."""
import re

import nbformat
import pytest

from autograder import paths
from conftest import CHAPTERS


def cell_count(row: str) -> int:
    inner = re.sub(r"\\\|", "", row.strip())          # an escaped bar is text, not a border
    inner = re.sub(r"`[^`]*`", "", inner)              # so is a bar inside inline code
    return inner.strip("|").count("|") + 1


def ragged_rows(text: str) -> list[str]:
    found, header = [], None
    for line in text.splitlines():
        if line.lstrip().startswith("|"):
            if header is None:
                header = cell_count(line)
            elif cell_count(line) != header:
                found.append(f"{cell_count(line)} cells, header {header}: {line.strip()[:80]}")
        else:
            header = None
    return found


def test_a_stray_bar_is_found():
    assert ragged_rows("| a | b |\n|---|---|\n| 1 | 2 | |\n") and not ragged_rows("| a | `x|y` |\n|---|---|\n| 1 | 2 |\n")


@pytest.mark.parametrize("page", sorted(p.name for p in (paths.REPO / "book").glob("*.md")))
def test_book_page_tables_are_rectangular(page):
    assert ragged_rows((paths.REPO / "book" / page).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_tables_are_rectangular(chapter):
    nb = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    found = [f"cell {i}: {row}" for i, c in enumerate(nb.cells) if c.cell_type == "markdown" for row in ragged_rows(c.source)]
    assert found == []
