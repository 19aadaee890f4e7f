"""Build the HTML book with Jupyter Book 1 into _build/html."""
import subprocess
import sys
from pathlib import Path

from . import book_assets, book_pages, paths


def build(clean: bool = False) -> int:
    jb = str(Path(sys.executable).parent / "jupyter-book")
    if clean:   # first: `jupyter-book clean` empties _build, the offline assets included
        subprocess.run([jb, "clean", str(paths.REPO)], check=False)
    book_assets.prepare()
    pages = book_pages.write_pages()
    print(f"장 페이지 / chapter pages: {len(pages)}")
    command = [jb, "build", str(paths.REPO)]
    done = subprocess.run(command + ["-W", "--keep-going"], cwd=paths.REPO)
    if done.returncode == 0:
        print(f"책 / book: {paths.BUILD / 'html' / 'index.html'}")
    return done.returncode
