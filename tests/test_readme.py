"""The README's chapter table names every chapter by its notebook's own title."""
import re

import nbformat

from autograder import paths


def _title(chapter):
    first = nbformat.read(paths.solution_notebook(chapter), as_version=4).cells[0].source
    return re.match(r"# (\d\d) · (.+)", first.strip()).groups()


def test_readme_chapter_table_matches_the_notebook_titles():
    readme = (paths.REPO / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d\d) \| (.+?) \|$", readme, flags=re.M)
    assert rows == [_title(chapter) for chapter in paths.chapters()]
