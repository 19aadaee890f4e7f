"""The README's table of what each chapter needs is the chapters' own imports, and each is pinned."""
import re

from autograder import paths
from autograder.course import chapter_deps


def test_readme_lists_each_chapters_packages():
    assert chapter_deps.readme_table(paths.REPO / "README.md") == chapter_deps.table(), \
        "README out of date: run `python -m autograder.course.chapter_deps`"


def test_every_package_a_lesson_needs_is_pinned():
    pinned = {re.split(r"[=<>\[ ]", line, maxsplit=1)[0].lower().replace("_", "-")
              for line in (paths.REPO / "requirements.txt").read_text().splitlines() if line and line[0].isalnum()}
    pinned |= {"tensorflow"} if "tensorflow-cpu" in pinned else set()   # the CPU build is TensorFlow
    needed = {p for chapter in paths.chapters() for p in chapter_deps.packages(chapter)}
    assert needed <= pinned, needed - pinned


def test_a_new_import_changes_the_table(tmp_path, monkeypatch):
    import nbformat
    lesson = nbformat.read(paths.lesson_notebook("01-perceptron"), as_version=4)
    lesson.cells.append(nbformat.v4.new_code_cell("import scipy.special"))
    (tmp_path / "01-perceptron").mkdir()
    nbformat.write(lesson, tmp_path / "01-perceptron" / "01-perceptron.ipynb")
    monkeypatch.setattr(paths, "LESSONS", tmp_path)
    assert "scipy" in chapter_deps.packages("01-perceptron")
