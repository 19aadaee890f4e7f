"""Where things live in the repository."""
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = REPO / "solutions"
LESSONS = REPO / "lessons"
BOOK_PAGES = REPO / "book" / "chapters"
BUILD = REPO / "_build"
EXAMPLE_CLASS = REPO / "autograder" / "example_class"
WRONG_ANSWERS = REPO / "tests" / "wrong_answers"
CORRECT_ANSWERS = REPO / "tests" / "correct_answers"


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
