"""Find reference-solution lines and hidden-test lines in something students or readers see."""
import re

import nbformat
from bs4 import BeautifulSoup

from . import cells, paths

MIN_LENGTH = 12  # shorter lines ("return y", "else:") are too common to signal a leak


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.split("\n")}


def _public_lines(solution) -> set[str]:
    """Lines anyone may see: explanations, demos, visible tests (they may repeat a solution line)."""
    public = set()
    for cell in solution.cells:
        if cells.is_solution(cell):
            continue
        source = cells.split_hidden(cell.source)[0] if cells.is_graded_test(cell) else cell.source
        public |= _lines(source)
        if cell.cell_type == "markdown":   # code the text itself shows inline (`tape.watch(x)`)
            public |= {span.strip() for span in re.findall(r"`([^`\n]+)`", source)}
    return public


def _public_in_any_chapter() -> set[str]:
    """A line one chapter shows openly (``return self.out`` in chapter 2) is no secret in another."""
    return public_lines(paths.chapters())


def public_lines(chapters: list[str]) -> set[str]:
    """What the given chapters show openly (a students' release counts only its own chapters as public)."""
    public = set()
    for chapter in chapters:
        public |= _public_lines(nbformat.read(paths.solution_notebook(chapter), as_version=4))
    return public


def secret_lines(chapter: str, kinds: tuple[str, ...] = ("solution", "hidden"),
                 public: set[str] | None = None) -> set[str]:
    """Lines of the reference solutions and/or hidden tests that appear nowhere public.

    ``public`` defaults to what any chapter shows (the instructor's book shows them all); a release of
    some chapters passes what those show, so an answer that only a later, unreleased chapter shows openly
    stays a secret there."""
    public = _public_in_any_chapter() if public is None else public
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    secret = set()
    for cell in solution.cells:
        if cells.is_solution(cell) and "solution" in kinds:
            secret |= _lines("\n".join(cells.solution_lines(cell.source)))
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
