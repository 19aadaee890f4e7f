import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograder  # noqa: E402,F401  (puts the venv's scripts on PATH for nbgrader and Jupyter)
from autograder import paths  # noqa: E402

CHAPTERS = paths.chapters()

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def built_book():
    """The HTML book, built once per test worker (chapter runs are cached between builds)."""
    from autograder.course import book
    assert book.build() == 0
    return paths.BUILD / "html"

