"""Where things live in the course: the folder holding ``_config.yml`` and ``solutions/``.

The course root is, in order: ``use_root(DIR)`` (the CLI's ``--course DIR``), the ``AUTOGRADER_COURSE``
environment variable, the first folder at or above the current one that looks like a course, and last the
folder this package was installed from (an editable install inside the course's repository)."""
import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = "AUTOGRADER_COURSE"


def is_course(folder: Path) -> bool:
    return (folder / "_config.yml").is_file() and (folder / "solutions").is_dir()


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: the current folder) that is a course."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if is_course(folder):
            return folder
    return None


def use_root(root: Path) -> None:
    """Point every path of this module at ``root``; processes started later inherit it."""
    global REPO, SOLUTIONS, LESSONS, BOOK_PAGES, BUILD, EXAMPLE_CLASS, WRONG_ANSWERS, CORRECT_ANSWERS
    REPO = Path(root).resolve()
    SOLUTIONS = REPO / "solutions"
    LESSONS = REPO / "lessons"
    BOOK_PAGES = REPO / "book" / "chapters"
    BUILD = REPO / "_build"
    EXAMPLE_CLASS = REPO / "autograder" / "example_class"
    WRONG_ANSWERS = REPO / "tests" / "wrong_answers"
    CORRECT_ANSWERS = REPO / "tests" / "correct_answers"
    os.environ[ENVIRONMENT] = str(REPO)


def _initial_root() -> Path:
    named = os.environ.get(ENVIRONMENT)
    if named and is_course(Path(named)):
        return Path(named)
    return find_root() or PACKAGE_ROOT


use_root(_initial_root())


def chapters() -> list[str]:
    """Chapter ids (``NN-slug``) that have a reference notebook, in order."""
    return sorted(
        d.name for d in SOLUTIONS.iterdir()
        if d.is_dir() and (d / f"{d.name}.ipynb").exists()
    )


def solution_notebook(chapter: str) -> Path:
    return SOLUTIONS / chapter / f"{chapter}.ipynb"


def lesson_notebook(chapter: str) -> Path:
    return LESSONS / chapter / f"{chapter}.ipynb"
