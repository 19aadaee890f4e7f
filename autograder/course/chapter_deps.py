"""What each chapter's notebook imports, as pip packages: one source for the README's table (a test
keeps the two equal) and for the students' requirements.

Regenerate the README's table with ``python -m autograder.course.chapter_deps``.
"""
import ast
import re
from pathlib import Path

import nbformat

from .. import paths

# import name → pip package; names not listed are the standard library or come with another package
PACKAGES = {"numpy": "numpy", "matplotlib": "matplotlib", "scipy": "scipy", "sklearn": "scikit-learn",
            "tensorflow": "tensorflow", "keras": "keras", "mlxtend": "mlxtend",
            "koreanize_matplotlib": "koreanize-matplotlib", "threadpoolctl": "threadpoolctl"}
NEEDS_TOO = {"keras": ["tensorflow"]}   # Keras 3 runs on TensorFlow here
START, END = "<!-- chapter-dependencies:start -->", "<!-- chapter-dependencies:end -->"


def imports(notebook: Path) -> set[str]:
    """Every module a notebook's code cells import, dotted as written (``scipy.special``)."""
    names = set()
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.split("\n") if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return names


def imported_modules(notebook: Path) -> set[str]:
    return {name.split(".")[0] for name in imports(notebook)}


def packages(chapter: str) -> list[str]:
    """The pip packages a chapter's lesson needs (JupyterLab itself aside)."""
    found = {PACKAGES[m] for m in imported_modules(paths.lesson_notebook(chapter)) if m in PACKAGES}
    return sorted(found | {extra for p in found for extra in NEEDS_TOO.get(p, [])})


def table(chapters: list[str] | None = None) -> str:
    rows = ["| 장 / chapter | 필요한 패키지 / packages it needs |", "|---|---|"]
    for chapter in chapters or paths.chapters():
        rows.append(f"| {chapter} | {', '.join(f'`{p}`' for p in packages(chapter))} |")
    return "\n".join(rows)


def readme_table(readme: Path) -> str:
    text = readme.read_text(encoding="utf-8")
    found = re.search(re.escape(START) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    return found.group(1) if found else ""


def write_readme(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    block = f"{START}\n{table()}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        raise ValueError(f"{readme}: no {START} marker")
    readme.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_readme(paths.REPO / "README.md")
    print(table())
