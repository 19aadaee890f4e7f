"""nbgrader's formgrader (its JupyterLab extension) on a grading folder, fit for a course without internet.

``write_config`` puts into the grading folder (``grade --out`` or ``gather --into``):

- ``nbgrader_config.py``: this folder's gradebook, graded notebooks and chapters. A PostgreSQL URL (it may
  hold a password) is not written: it is read from AUTOGRADER_DB_URL when JupyterLab starts;
- ``source/``: links to the chapters formgrader should list, the released ones (``course.released``) unless
  the instructor names others, so that formgrader does not list every chapter of ``solutions/`` as a draft;
- ``exchange/``: nbgrader's exchange, inside the course and empty (this course hands out lessons with
  ``release`` and collects with ``collect``), so that formgrader finds the folder it looks for and does not warn;
- ``formgrader-assets/``: the ``mathjax`` template macro that formgrader's pages use, pointing at MathJax served
  by the same Jupyter server (the copy the book vendors from npm, ``course/book_assets.py``) instead of a CDN.

``lab_command`` is the JupyterLab command that serves all of it (``autograder formgrader``)."""
import os
import shutil
import sys
from pathlib import Path

from .. import paths

CONFIG = "nbgrader_config.py"
ASSETS = "formgrader-assets"
MATHJAX_ROUTE = "autograder-mathjax"    # served at /static/autograder-mathjax/
TEMPLATE = Path(__file__).parent / "templates" / "formgrader_mathjax.html.j2"


def listed_chapters(chosen: list[str] | None = None) -> list[str]:
    """The chapters formgrader lists: ``chosen``, else the released ones, else every chapter."""
    if chosen:
        return chosen
    from ..course.release import released_chapters
    try:
        return released_chapters() or paths.chapters()
    except Exception:   # no _config.yml setting to read: every chapter
        return paths.chapters()


def mathjax_source() -> Path:
    from ..course.book_assets import NODE_MODULES
    return NODE_MODULES / "mathjax" / "es5"


def _link_folder(target: Path, link: Path) -> None:
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link)
    link.symlink_to(target, target_is_directory=True)


MATHJAX_FILES = ("tex-chtml.js", "output/chtml/fonts/woff-v2")   # the component formgrader loads, its fonts


def _copy_mathjax(source: Path, target: Path) -> None:
    if target.is_symlink():
        target.unlink()
    for name in MATHJAX_FILES:
        if (target / name).exists():
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
        else:
            shutil.copy2(source / name, target / name)


def write_config(out, url: str, chapters: list[str] | None = None) -> Path:
    out = Path(out).resolve()
    source = out / "source"
    if source.is_dir():
        for old in source.iterdir():
            if old.is_symlink():
                old.unlink()
    source.mkdir(parents=True, exist_ok=True)
    for chapter in listed_chapters(chapters):
        _link_folder(paths.SOLUTIONS / chapter, source / chapter)
    (out / "exchange").mkdir(exist_ok=True)
    templates = out / ASSETS / "jupyter" / "nbconvert" / "templates" / "base"
    templates.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATE, templates / "mathjax.html.j2")
    static = out / ASSETS / "static"
    static.mkdir(parents=True, exist_ok=True)
    if mathjax_source().is_dir():   # copied: the server refuses files reached through a link out of its folder
        _copy_mathjax(mathjax_source(), static / MATHJAX_ROUTE)
    # PostgreSQL: the driver the course pins (as store.db_url does)
    db = repr(url) if url.startswith("sqlite") else \
        're.sub(r"^postgres(ql)?://", "postgresql+psycopg2://", os.environ["AUTOGRADER_DB_URL"])'
    text = (f'"""Written by `python -m autograder`: formgrader for this grading folder (autograder/grading/formgrader.py).'
            '"""\nimport os  # noqa: F401\nimport re  # noqa: F401\n\n'
            "c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.root = {str(out)!r}\n"
            f"c.CourseDirectory.source_directory = {str(source)!r}\n"
            f"c.CourseDirectory.release_directory = {str(out / 'release')!r}\n"
            f"c.CourseDirectory.submitted_directory = {str(out / 'submitted')!r}\n"
            f"c.CourseDirectory.autograded_directory = {str(out / 'autograded')!r}\n"
            f"c.CourseDirectory.feedback_directory = {str(out / 'feedback')!r}\n"
            f"c.CourseDirectory.db_url = {db}\n"
            f"c.Exchange.root = {str(out / 'exchange')!r}\n")
    target = out / CONFIG
    target.write_text(text, encoding="utf-8")
    return target


def lab_command(out: Path, port: int | None = None, browser: bool = True) -> tuple[list[str], dict]:
    """(command, environment) of the JupyterLab that serves formgrader for ``out``, MathJax included."""
    out = Path(out).resolve()
    jupyter = Path(sys.executable).parent / "jupyter"
    command = [str(jupyter), "lab", f"--ServerApp.root_dir={out}",
               f"--ServerApp.extra_static_paths=['{out / ASSETS / 'static'}']"]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if not browser:
        command.append("--no-browser")
    if os.geteuid() == 0:
        command.append("--allow-root")
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join([str(out / ASSETS / "jupyter"), *filter(None, [env.get("JUPYTER_PATH")])])
    return command, env
