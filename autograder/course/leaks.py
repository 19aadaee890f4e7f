"""Find reference-solution lines and hidden-test lines in something students or readers see."""
import functools
import re

import nbformat
from bs4 import BeautifulSoup

from .. import cells, paths

MIN_LENGTH = 12  # shorter lines ("return y", "else:") are too common to signal a leak


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.split("\n")}


def _public_lines(solution) -> set[str]:
    """Lines anyone may see: explanations, demos, visible tests (they may repeat a solution line)."""
    public = set()
    for cell in solution.cells:
        if cells.is_answer_key(cell):   # the instructors' answer key: solutions/ only
            continue
        if cells.is_solution(cell):   # the header the lesson keeps around the student's part
            public |= _lines("\n".join(cells.lines_outside_solution(cell.source)))
            continue
        source = cells.split_hidden(cell.source)[0] if cells.is_graded_test(cell) else cell.source
        public |= _lines(source)
        if cell.cell_type == "markdown":   # code the text itself shows inline (`tape.watch(x)`)
            public |= {span.strip() for span in re.findall(r"`([^`\n]+)`", source)}
    return public


@functools.lru_cache(maxsize=64)
def _read(path: str, stamp: tuple[int, int]):
    return nbformat.read(path, as_version=4)


def _solution(chapter: str):
    """A chapter's reference notebook, read once while the file is unchanged (a book or a release is checked
    page by page, each page against every chapter). Callers only read it."""
    path = paths.solution_notebook(chapter)
    stat = path.stat()
    return _read(str(path), (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _public_lines_cached(path: str, stamp: tuple[int, int]) -> frozenset[str]:
    return frozenset(_public_lines(_read(path, stamp)))


def _public_in_any_chapter() -> set[str]:
    """A line one chapter shows openly (``return self.out`` in chapter 2) is no secret in another."""
    return public_lines(paths.chapters())


def public_lines(chapters: list[str]) -> set[str]:
    """What the given chapters show openly (a students' release counts only its own chapters as public)."""
    public = set()
    for chapter in chapters:
        path = paths.solution_notebook(chapter)
        stat = path.stat()
        public |= _public_lines_cached(str(path), (stat.st_mtime_ns, stat.st_size))
    return public


def answer_lines(cell) -> list[str]:
    """The lines of a solution cell that its lesson replaces: those between the markers, or, in a cell
    without markers (a written answer, whose lesson shows nbgrader's text stub), every line."""
    if cells.BEGIN_SOLUTION not in cell.source:
        return cell.source.split("\n")
    return cells.solution_lines(cell.source)


def secret_lines(chapter: str, kinds: tuple[str, ...] = ("solution", "hidden"),
                 public: set[str] | None = None) -> set[str]:
    """Lines of the reference solutions and/or hidden tests that appear nowhere public.

    ``public`` defaults to what any chapter shows (the instructor's book shows them all); a release of
    some chapters passes what those show, so an answer that only a later, unreleased chapter shows openly
    stays a secret there."""
    public = _public_in_any_chapter() if public is None else public
    solution = _solution(chapter)
    secret = set()
    for cell in solution.cells:
        if cells.is_solution(cell) and "solution" in kinds:
            secret |= _lines("\n".join(answer_lines(cell)))
        elif cells.is_answer_key(cell) and "solution" in kinds:
            secret |= _lines(cell.source)
        elif (cells.is_graded_test(cell) or cells.BEGIN_HIDDEN in cell.source) and "hidden" in kinds:
            secret |= _lines(cells.split_hidden(cell.source)[1])
    secret -= public
    if "solution" not in kinds:  # a hidden reference may repeat the solution, which students write too
        secret -= secret_lines(chapter, ("solution",), public)
    return {line for line in secret if len(line) >= MIN_LENGTH and not line.startswith("#")}


def normalise(line: str) -> str:
    """A line as compared: runs of whitespace made one space, ends stripped."""
    return re.sub(r"\s+", " ", line).strip()


def leaks_in_text(text: str, chapter: str, kinds: tuple[str, ...] = ("solution", "hidden")) -> list[str]:
    seen = {normalise(line) for line in text.split("\n")}
    return sorted(line for line in secret_lines(chapter, kinds) if normalise(line) in seen)


def html_text(markup: str) -> str:
    """Visible text of a page; code blocks keep their lines whole despite syntax-highlighting spans."""
    soup = BeautifulSoup(markup, "html.parser")
    code = [pre.get_text("") for pre in soup.find_all("pre")]
    return "\n".join(code + [soup.get_text("\n")])


def leaks_in_notebook(nb, chapter: str, kinds: tuple[str, ...] = ("solution", "hidden")) -> list[str]:
    text = []
    for cell in nb.cells:
        text.append(cell.source)
        for output in cell.get("outputs", []):
            text.append(str(output.get("text", "")))
            text.extend(str(v) for v in output.get("data", {}).values())
            text.extend(output.get("traceback", []))
    return leaks_in_text("\n".join(text), chapter, kinds)


# ------------------------------------------------------------------ one chapter showing another's answers

def answer_secrets(chapter: str) -> set[str]:
    """A chapter's reference answer lines that students of that chapter have not seen openly: what no
    chapter up to and including it shows (``return self.out``, shown in chapter 2, is no secret of chapter 3;
    chapter 2's numerical gradient, shown openly only by a later chapter, still is)."""
    chapters = paths.chapters()
    upto = chapters[:chapters.index(chapter) + 1]
    return secret_lines(chapter, ("solution",), public_lines(upto))


def notebook_text(nb) -> str:
    """Every source line and every output of a notebook, as one text."""
    text = []
    for cell in nb.cells:
        text.append(cell.source)
        for output in cell.get("outputs", []):
            text.append(str(output.get("text", "")))
            text.extend(str(v) for v in output.get("data", {}).values())
            text.extend(output.get("traceback", []))
    return "\n".join(text)


def other_chapters_answers_in_text(text: str, chapter: str) -> dict[str, list[str]]:
    """{other chapter: its reference answer lines that ``text`` (chapter ``chapter``'s lesson or page)
    shows}. A later chapter must not show an earlier chapter's answer (chapter 9 has students write the
    layers of chapters 2–4 again), nor an earlier chapter a later one's."""
    seen = {normalise(line) for line in text.split("\n")}
    found = {}
    for other in paths.chapters():
        if other != chapter:
            hits = sorted(line for line in answer_secrets(other) if normalise(line) in seen)
            if hits:
                found[other] = hits
    return found


def other_chapters_answers_in_notebook(nb, chapter: str) -> dict[str, list[str]]:
    return other_chapters_answers_in_text(notebook_text(nb), chapter)
