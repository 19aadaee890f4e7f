"""One term per concept, from the glossary (book/glossary.yml, the one source).

The glossary gives, per concept, the Korean term used and the variants rejected (``reject_ko``), and
one ``spelling`` entry: the course writes US English, so each British form is rejected in favour of
its US one. This module finds a rejected variant in the places a reader sees text:

- markdown cells of the solution notebooks and the lessons, and the markdown pages under book/;
- string literals in code cells (figure titles, axis labels, legends, printed messages).

Code itself (names, ``normalize(x)``), inline code spans and fenced code blocks are not text: an
identifier is whatever the exercise calls it, and a code span may quote a rejected variant on purpose
(the errata do: ``크로스 엔트로피``). A space inside a rejected Korean phrase matches any spacing
("정규화 항" finds "정규화항" too).

Besides the glossary's variants, one phrasing is rejected: "여러분의 `x`" (여러분의 followed by a code span,
or by 함수 / 계층, as in "여러분의 함수로") is a calque of "your `x`"; natural Korean says "직접 만든 `x`",
"앞에서 구현한 `x`" or just "`x`". "여러분의 노트북" (the student's own file) is plain Korean and stays.
"""
import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import paths
from . import glossary

# a suffix that makes a word of a stem: optimis + er = optimiser
STEM_SUFFIXES = ("e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational")
# "여러분의 `x`", and its two spelled-out forms in the chapters, "여러분의 함수", "여러분의 계층"
CALQUE = re.compile(r"여러분의\s*(?:`[^`\n]+`|함수|계층)")
CALQUE_USE = "자연스러운 한국어 (\"직접 만든 `x`\", \"앞에서 구현한 `x`\", 또는 그냥 \"`x`\") / natural Korean"
FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    rejected: str      # as the glossary writes it
    use: str           # the term or spelling to write instead


@dataclass(frozen=True)
class Finding:
    file: str
    where: str         # "cell 12 (markdown)", "cell 30 (code string)", "line 7"
    found: str         # the text as it appears
    use: str

    def __str__(self) -> str:
        return f"{self.file}, {self.where}: \"{self.found}\" → {self.use}"


def _korean_pattern(phrase: str) -> re.Pattern:
    return re.compile(r"\s*".join(re.escape(part) for part in phrase.split()))


def rules(entries: list | None = None) -> list[Rule]:
    """The glossary's rejected variants as rules (``entries``: the glossary's items, read by default)."""
    entries = glossary.entries() if entries is None else entries
    found = []
    for entry in entries:
        for variant in entry.get("reject_ko", []) or []:
            found.append(Rule(_korean_pattern(variant), variant, f"{entry['ko']} ({entry['en']})"))
        spelling = entry.get("spelling")
        if spelling:
            for stem, chosen in (spelling.get("stems") or {}).items():
                suffixes = "|".join(STEM_SUFFIXES)
                pattern = re.compile(rf"\b{re.escape(stem)}({suffixes})\b", re.I)
                found.append(Rule(pattern, f"{stem}…", f"{chosen}… (US spelling)"))
            for word, chosen in (spelling.get("words") or {}).items():
                found.append(Rule(re.compile(rf"\b{re.escape(word)}\b", re.I), word, f"{chosen} (US spelling)"))
    return found


def _use(rule: Rule, match: re.Match) -> str:
    if rule.rejected.endswith("…"):      # a stem: the word as it should be spelled
        stem = rule.rejected[:-1]
        chosen = rule.use.split("…")[0]
        word = match.group(0)
        fixed = chosen + word[len(stem):]
        return f"{fixed if word[:1].islower() else fixed[:1].upper() + fixed[1:]} (US spelling)"
    return rule.use


def in_text(text: str, markdown: bool, all_rules: list[Rule] | None = None) -> list[tuple[str, str]]:
    """(found, use) for every rejected variant in ``text`` (markdown: code blocks and spans are skipped)."""
    all_rules = rules() if all_rules is None else all_rules
    found = []
    if markdown:
        text = FENCE.sub("", text)
        found += [(m.group(0), CALQUE_USE) for m in CALQUE.finditer(text)]
        text = CODE_SPAN.sub(" ", text)
    for rule in all_rules:
        found += [(m.group(0), _use(rule, m)) for m in rule.pattern.finditer(text)]
    return found


def code_strings(source: str) -> list[str]:
    """The string literals of a code cell (IPython's %magic and !shell lines left out)."""
    lines = [line for line in source.split("\n") if not line.lstrip().startswith(("%", "!"))]
    text = "\n".join(lines)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        try:   # not Python as a whole: the string tokens still tell
            return [tok.string for tok in tokenize.generate_tokens(io.StringIO(text).readline)
                    if tok.type == tokenize.STRING]
        except (tokenize.TokenError, IndentationError, SyntaxError):
            return []
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def in_notebook(nb, file: str, all_rules: list[Rule] | None = None) -> list[Finding]:
    all_rules = rules() if all_rules is None else all_rules
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found += [Finding(file, f"cell {index} (markdown)", f, u) for f, u in in_text(cell.source, True, all_rules)]
        elif cell.cell_type == "code":
            for string in code_strings(cell.source):
                found += [Finding(file, f"cell {index} (code string)", f, u)
                          for f, u in in_text(string, False, all_rules)]
    return found


def in_markdown_file(path: Path, file: str, all_rules: list[Rule] | None = None) -> list[Finding]:
    all_rules = rules() if all_rules is None else all_rules
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), path.read_text(encoding="utf-8"))
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        found += [Finding(file, f"line {number}", f, u) for f, u in in_text(line, True, all_rules)]
    return found


def book_pages() -> list[Path]:
    """The markdown pages under book/ that people write (the glossary page is generated from the glossary,
    where its "not: …" list names the rejected variants on purpose, in code spans)."""
    book = paths.REPO / "book"
    skip = {"node_modules", "_build", "_static", "_ext"}
    return sorted(p for p in book.rglob("*.md") if not skip & set(p.relative_to(book).parts))


def checked_files() -> list[Path]:
    """Every file the terminology check reads: solution notebooks, lessons, book pages (markdown)."""
    notebooks = [paths.solution_notebook(c) for c in paths.chapters()]
    notebooks += sorted(p for p in paths.LESSONS.glob("*/*.ipynb"))
    return notebooks + book_pages()


def check_file(path: Path, all_rules: list[Rule] | None = None) -> list[Finding]:
    try:
        rel = str(path.relative_to(paths.REPO))
    except ValueError:
        rel = str(path)
    if path.suffix == ".ipynb":
        return in_notebook(nbformat.read(path, as_version=4), rel, all_rules)
    return in_markdown_file(path, rel, all_rules)


def check(files: list[Path] | None = None) -> list[Finding]:
    all_rules = rules()
    found = []
    for path in files or checked_files():
        found += check_file(path, all_rules)
    return found
