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


RELEASE_WEEK_1 = ["01-perceptron"]
RELEASE_CHOSEN = ["01-perceptron", "02-backprop"]


@pytest.fixture(scope="session")
def students_release(tmp_path_factory):
    """The students' repository released twice into one folder, as a course does week by week: chapter 01, then
    01 and 02. Built once per worker for test_release.py and test_release_verify.py (each release builds a book)."""
    import subprocess
    folder = tmp_path_factory.mktemp("instructor") / "students"
    for chapters in (RELEASE_WEEK_1, RELEASE_CHOSEN):
        done = subprocess.run([sys.executable, "-m", "autograder", "release", "--to", str(folder),
                               "--chapters", ",".join(chapters)],
                              cwd=paths.REPO, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "비밀 없음 / no secret found" in done.stdout
    return folder
