"""Build the HTML book with Jupyter Book 1 into _build/html."""
import contextlib
import fcntl
import subprocess
import sys
from pathlib import Path

from .. import paths
from . import book_assets, book_pages


@contextlib.contextmanager
def preparing():
    """One process at a time prepares the offline assets and the chapter pages: the instructor's book
    and a students' release (autograder/course/release.py) share _build/book-static and _build/page-cache."""
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    with open(paths.BUILD / ".book-prepare.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def build(clean: bool = False) -> int:
    jb = str(Path(sys.executable).parent / "jupyter-book")
    if clean:   # first: `jupyter-book clean` empties _build, the offline assets included
        subprocess.run([jb, "clean", str(paths.REPO)], check=False)
    with preparing():
        book_assets.prepare()
        pages = book_pages.write_pages()
    print(f"장 페이지 / chapter pages: {len(pages)}")
    command = [jb, "build", str(paths.REPO)]
    done = subprocess.run(command + ["-W", "--keep-going"], cwd=paths.REPO)
    if done.returncode == 0:
        print(f"책 / book: {paths.BUILD / 'html' / 'index.html'}")
    return done.returncode
