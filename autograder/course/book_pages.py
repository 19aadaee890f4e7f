"""Book pages: each chapter as the student sees it, with the figures of the reference run.

A page is the generated lesson (stubs, visible tests only) whose explanation and demo cells carry the
outputs of executing the reference notebook. Exercise and test cells get no outputs, so nothing of a
solution or a hidden test reaches the book.
"""
import copy
import hashlib
import json
from pathlib import Path

import nbformat

from .. import cells, paths
from . import glossary, self_check
from ..execute import run_notebook

CACHE = paths.BUILD / "page-cache"
# Run before the reference notebook's own cells (and taken out again): figures as pixel-doubled PNGs,
# 200 dpi shown at the size of 100 dpi, so they stay sharp on phones, when zoomed, and in print; each PNG
# carries the smallest font size (points) of the text drawn in it, so that a test can tell how large its
# text is on a screen (tests/test_browser.py).
BOOK_RUN = (Path(__file__).parent / "templates" / "book_run.ipy").read_text(encoding="utf-8")
FONT_KEY = "dlb:min-font-pt"


def _executed_solution(chapter: str):
    """The reference notebook executed once; cached by its content and the book's run settings."""
    source = paths.solution_notebook(chapter).read_bytes()
    key = hashlib.sha256(source + b"\0" + BOOK_RUN.encode("utf-8")).hexdigest()[:20]
    cached = CACHE / f"{chapter}-{key}.ipynb"
    if cached.exists():
        return nbformat.read(cached, as_version=4)
    nb = nbformat.reads(source.decode("utf-8"), as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(BOOK_RUN))
    nb, errors = run_notebook(nb, paths.solution_notebook(chapter).parent)
    if errors.pop(0, None) is not None:
        raise RuntimeError(f"{chapter}: the book's figure settings raised")
    nb.cells.pop(0)
    errors = {i - 1: e for i, e in errors.items()}
    for cell in nb.cells:   # counted as if the settings had not run
        if cell.cell_type == "code" and cell.get("execution_count"):
            cell.execution_count -= 1
    if errors:
        listing = ", ".join(f"cell {i}: {e.ename}: {e.evalue}" for i, e in errors.items())
        raise RuntimeError(f"{chapter}: the reference notebook raised ({listing})")
    missing = missing_glyph_warnings(nb)
    if missing:
        raise RuntimeError(f"{chapter}: figures lack glyphs (Korean font not in use?): {missing[:3]}")
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"{chapter}-*.ipynb"):
        old.unlink()
    nbformat.write(nb, cached)
    return nb


def missing_glyph_warnings(nb) -> list[str]:
    """Matplotlib's "Glyph ... missing from font" warnings: the figure would show boxes."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            text = output.get("text", "") if output.get("output_type") == "stream" else ""
            found += [line.strip() for line in text.splitlines() if "missing from font" in line]
    return found


def page(chapter: str):
    lesson = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
    executed = copy.deepcopy(_executed_solution(chapter))
    # the instructors' answer key is in solutions/ only (nbgrader leaves it out of the lesson too)
    executed.cells = [cell for cell in executed.cells if not cells.is_answer_key(cell)]
    if len(lesson.cells) != len(executed.cells):
        raise RuntimeError(f"{chapter}: lesson and solution differ in cell count; regenerate lessons")
    result = copy.deepcopy(lesson)
    for cell, ran in zip(result.cells, executed.cells):
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("nbgrader", None)
        # the self-check's table of the reference run would tell a reader "all passed": none is shown
        graded = cells.is_solution(ran) or cells.is_graded_test(ran) or self_check.is_self_check(ran)
        cell.outputs = [] if graded else copy.deepcopy(ran.outputs)
        cell.execution_count = None if graded else ran.get("execution_count")
    linked: set[str] = set()
    for cell in result.cells:
        cell.metadata.pop("nbgrader", None)
        if cell.cell_type == "markdown":
            cell.source = glossary.link_terms(cell.source, linked)
    result.metadata["chapter"] = chapter
    return result


def toc_chapters() -> list[str]:
    """Chapters the book lists in _toc.yml (book/chapters/NN-slug), in order."""
    import yaml
    toc = yaml.safe_load((paths.REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [entry["file"] for part in toc.get("parts", []) for entry in part.get("chapters", [])]
    prefix = "book/chapters/"
    return [f[len(prefix):] for f in files if f.startswith(prefix)]


def write_pages(chapters: list[str] | None = None) -> list[Path]:
    glossary.write_page()
    paths.BOOK_PAGES.mkdir(parents=True, exist_ok=True)
    written = []
    for chapter in chapters or toc_chapters():
        target = paths.BOOK_PAGES / f"{chapter}.ipynb"
        text = json.dumps(page(chapter), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")  # untouched pages keep their mtime for Sphinx
        written.append(target)
    return written
