"""The students' repository: a release of the chapters handed out so far, and a check that it holds no secret.

``python -m autograder release --to DIR [--chapters 01-perceptron,02-backprop]`` writes DIR as

    README.md             the students' guide to the repository, Korean then English
    requirements.txt      what the released lessons import, pinned as in the course's requirements.txt
    runtime.txt           the course's Python (Binder builds that one)
    lessons/NN-slug/      the lessons of the released chapters, as generated (nbgrader metadata intact)
    docs/                 the book built for the released chapters only (HTML; GitHub Pages serves /docs)
    .course-release.json  which chapters, for which repository

and commits it (DIR becomes a git repository whose ``origin`` is the students' repository), ready to push.
The chapters come from ``course.released`` in _config.yml unless ``--chapters`` names them; the repository
is ``course.students_repository``, which the book's buttons open too (book/_ext/lesson_launch.py). The
book is built from a staging copy of its sources with a table of contents of those chapters (the
instructors' guide left out, the errata cut to their rows): the instructor's _config.yml, _toc.yml and
book/ are never changed, and the pages come from the same generator (and page cache) as the instructor's.

Only the built HTML is released, not the book's sources: a chapter page shows the figures and results
of the reference run, which only the instructor's repository (with solutions/) can produce.

``release`` records what it wrote in ``.course-manifest.json`` (each path and its SHA-256:
release_manifest.py). ``python -m autograder release --verify DIR`` reports every file of DIR that the
manifest does not list or that differs from it, and reads every file of DIR and of its git history
(text, notebooks, HTML, JavaScript such as Sphinx's searchindex.js, and what file_text.py opens:
archives, compressed streams, PDF, office documents, compiled Python, the text runs of any binary)
with the leak check of autograder/course/leaks.py (line_search.py). It fails with the list of offending files when it
finds a reference-solution or hidden-test line of any chapter (inside a line too), a reference
function compiled into a ``.pyc``, a data file holding the hidden tests' values (data_values.py), a
kept wrong answer, a file of solutions/, the example class, the wrong answers or the reference runs,
a gradebook, outputs in a graded cell, or a chapter not released. Writing a release runs the same
check before it commits.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import string
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml
from bs4.exceptions import ParserRejectedMarkup

from .. import cells, paths
from . import compiled_python, data_values, file_text, leaks, line_search, release_manifest

TEMPLATES = Path(__file__).parent / "templates"
MARKER = ".course-release.json"
DOCS = "docs"
PYTHON = "3.11"
# Reference pages the students' book keeps; the instructors' guide stays with the instructor.
INSTRUCTORS_ONLY = {"book/guide-instructors"}
# Folders and files of the instructor's repository that never belong in a release, whatever their content.
SECRET_NAMES = {
    "solutions": ("정답 노트북 폴더", "the reference notebooks' folder"),
    "example_class": ("예시 반(만점 제출물) 폴더", "the example class (full-mark submissions)"),
    "wrong_answers": ("보관된 오답 폴더", "the kept wrong answers"),
    "correct_answers": ("보관된 다른 정답 폴더", "the kept independent correct answers"),
    "submitted": ("nbgrader 제출물 폴더", "nbgrader's submissions folder"),
    "autograded": ("nbgrader 채점 결과 폴더", "nbgrader's graded notebooks"),
    "feedback": ("채점 피드백 폴더", "grading feedback"),
    "page-cache": ("정답 실행 결과(책 페이지 캐시)", "the reference runs (the book's page cache)"),
    "gradebook.db": ("nbgrader 성적부", "nbgrader's gradebook"),
    "grades.csv": ("성적표", "a grade sheet"),
    "expected_grades.csv": ("예시 반의 성적표", "the example class's grades"),
    "canary.json": ("채점기 점검 기록", "the grader's canary record"),
}
KINDS = {
    "solution": ("정답", "reference solution"),
    "hidden": ("숨은 테스트", "hidden tests"),
    "wrong": ("보관된 오답", "kept wrong answers"),
    "correct": ("보관된 다른 정답", "kept independent correct answers"),
    "output": ("정답 실행의 채점 셀 출력", "reference run's output of a graded cell"),
}


class ReleaseError(RuntimeError):
    pass


# --------------------------------------------------------------------------------------------- settings

def config() -> dict:
    return yaml.safe_load((paths.REPO / "_config.yml").read_text(encoding="utf-8")) or {}


def released_chapters(cfg: dict | None = None) -> list[str]:
    """``course.released`` of _config.yml: the chapters handed out so far."""
    course = (config() if cfg is None else cfg).get("course") or {}
    return resolve_chapters(course.get("released") or [])


def resolve_chapters(names) -> list[str]:
    """Chapter ids in course order; ``01`` stands for ``01-perceptron``. Unknown names are an error."""
    if isinstance(names, str):
        names = [names]
    known = paths.chapters()
    chosen = set()
    for name in (part.strip() for item in names for part in str(item).split(",")):
        if not name:
            continue
        match = [c for c in known if c == name or c.split("-", 1)[0] == name]
        if not match:
            raise ReleaseError(f"알 수 없는 장 / unknown chapter: {name!r} (chapters: {', '.join(known)})")
        chosen.add(match[0])
    return [c for c in known if c in chosen]


def students_repository(cfg: dict | None = None) -> tuple[str, str]:
    """URL and branch of the students' repository: ``course.students_repository`` of _config.yml, the
    one the book's buttons open (book/_ext/lesson_launch.py) and the release's ``origin``."""
    course = (config() if cfg is None else cfg).get("course") or {}
    repository = course.get("students_repository") or {}
    return str(repository.get("url") or "").strip().rstrip("/"), str(repository.get("branch") or "main")


def _github(url: str) -> str | None:
    """``owner/name`` of a GitHub URL, else None."""
    m = re.match(r"https?://github\.com/([^/]+/[^/]+?)(?:\.git)?/?$", url)
    return m.group(1) if m else None


def chapter_title(chapter: str) -> tuple[str, str]:
    """(Korean, English) title from the lesson's first heading ``# 01 · 퍼셉트론 … / Perceptron …``."""
    nb = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            title = re.sub(r"^\d\d\s*·\s*", "", cell.source.split("\n")[0][2:].strip())
            ko, _, en = title.partition(" / ")
            return ko.strip(), (en or ko).strip()
    return chapter, chapter


# --------------------------------------------------------------------------------------------- requirements

def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def course_pins() -> dict[str, str]:
    """``canonical name → "Name==version"`` from the course's requirements.txt."""
    pins = {}
    for line in (paths.REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            pins[_canonical(line.split("==", 1)[0].strip())] = line
    return pins


def students_requirements(chapters: list[str]) -> str:
    """The packages the released lessons import (autograder/course/chapter_deps.py, the README's table too),
    at the course's versions. TensorFlow is pinned by name: the course's CPU build has no macOS wheels."""
    from . import chapter_deps
    unknown = sorted({m for c in chapters for m in chapter_deps.imported_modules(paths.lesson_notebook(c))
                      if m not in sys.stdlib_module_names and m not in chapter_deps.PACKAGES})
    if unknown:
        raise ReleaseError("레슨이 불러오는 모듈의 패키지를 모릅니다 / the lessons import modules that "
                           f"autograder/course/chapter_deps.py does not know: {', '.join(unknown)}")
    pins = course_pins()
    lines, missing = [], []
    for package in sorted({p for c in chapters for p in chapter_deps.packages(c)}, key=str.lower):
        pin = pins.get(_canonical(package)) or pins.get(_canonical(package) + "-cpu")
        if pin:
            lines.append(f"{package}=={pin.split('==', 1)[1].strip()}")
        else:
            missing.append(package)
    if missing:
        raise ReleaseError(f"requirements.txt 에 버전이 없습니다 / requirements.txt pins no version of: "
                           f"{', '.join(missing)}")
    head = [f"# 연습용 노트북이 불러오는 패키지 (Python {PYTHON}) / What the lessons import (Python {PYTHON})",
            "# pip install -r requirements.txt jupyterlab"]
    return "\n".join(head + lines) + "\n"


# --------------------------------------------------------------------------------------------- the students' book

def _toc_for(chapters: list[str]) -> dict:
    toc = yaml.safe_load((paths.REPO / "_toc.yml").read_text(encoding="utf-8"))
    keep = {f"book/chapters/{c}" for c in chapters}
    parts = []
    for part in toc.get("parts", []):
        entries = [e for e in part.get("chapters", []) if e.get("file") not in INSTRUCTORS_ONLY
                   and (not str(e.get("file", "")).startswith("book/chapters/") or e.get("file") in keep)]
        if entries:
            parts.append({**part, "chapters": entries})
    return {**toc, "parts": parts}


def _config_for(chapters: list[str]) -> dict:
    """The instructor's configuration, with the chapters of this release (the buttons' repository,
    ``course.students_repository``, is the same for both books)."""
    cfg = config()
    cfg["course"] = {**(cfg.get("course") or {}), "released": list(chapters)}
    cfg["only_build_toc_files"] = True
    return cfg


def errata_for(text: str, chapters: list[str]) -> str:
    """The errata page with only the rows of released chapters (a row's last cell names its chapters)."""
    numbers = {c.split("-", 1)[0] for c in chapters}
    kept = []
    for line in text.split("\n"):
        if line.lstrip().startswith("|"):
            last = line.strip().strip("|").split("|")[-1].strip()
            if re.fullmatch(r"\d\d(\s*,\s*\d\d)*", last) and not set(re.findall(r"\d\d", last)) & numbers:
                continue
        kept.append(line)
    return "\n".join(kept)


def _copy_book_sources(stage: Path) -> None:
    top = paths.REPO / "book"
    skip_top = {"node_modules", "chapters", "package.json", "package-lock.json", "glossary.md"}
    skip_top |= {Path(f).name + ".md" for f in INSTRUCTORS_ONLY}

    def ignore(folder, names):
        skip = {".ipynb_checkpoints", "__pycache__"}
        return [n for n in names if n in skip or (Path(folder) == top and n in skip_top)]

    shutil.copytree(top, stage / "book", ignore=ignore)


def build_book(chapters: list[str], html_out: Path, log=print) -> None:
    """The book of the released chapters, built in a staging folder, copied to ``html_out``."""
    from . import book, book_assets, book_pages, glossary
    with book.preparing():
        book_assets.prepare()
        pages = {chapter: book_pages.page(chapter) for chapter in chapters}
    with tempfile.TemporaryDirectory(prefix="release-book-", dir=paths.BUILD) as tmp:
        stage = Path(tmp)
        dump = dict(allow_unicode=True, sort_keys=False, width=1000)
        (stage / "_config.yml").write_text(yaml.safe_dump(_config_for(chapters), **dump),
                                           encoding="utf-8")
        (stage / "_toc.yml").write_text(yaml.safe_dump(_toc_for(chapters), **dump), encoding="utf-8")
        _copy_book_sources(stage)
        (stage / "book" / "chapters").mkdir()
        for chapter, page in pages.items():
            (stage / "book" / "chapters" / f"{chapter}.ipynb").write_text(
                json.dumps(page, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            shutil.copytree(paths.LESSONS / chapter, stage / "lessons" / chapter,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        (stage / "book" / "glossary.md").write_text(glossary.page_text(), encoding="utf-8")
        errata = stage / "book" / "errata.md"
        if errata.exists():
            errata.write_text(errata_for(errata.read_text(encoding="utf-8"), chapters), encoding="utf-8")
        static = book_assets.STATIC.relative_to(paths.REPO)
        shutil.copytree(book_assets.STATIC, stage / static)
        jb = str(Path(sys.executable).parent / "jupyter-book")
        done = subprocess.run([jb, "build", str(stage), "-W", "--keep-going"], cwd=stage,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise ReleaseError(f"학생용 책을 만들지 못했습니다 / the students' book did not build:\n"
                               f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
        if html_out.exists():
            shutil.rmtree(html_out)
        shutil.copytree(stage / "_build" / "html", html_out)
    (html_out / ".nojekyll").write_text("")   # GitHub Pages: serve _static/ and _sources/ as they are
    log(f"학생용 책 / students' book: {', '.join(chapters)}")


# --------------------------------------------------------------------------------------------- README

def students_readme(chapters: list[str], url: str, branch: str) -> str:
    cfg = config()
    colab = ((cfg.get("launch_buttons") or {}).get("colab_url") or "https://colab.research.google.com").rstrip("/")
    github = _github(url)
    rows_ko, rows_en = [], []
    for chapter in chapters:
        ko, en = chapter_title(chapter)
        lesson = f"lessons/{chapter}/{chapter}.ipynb"
        page = f"{DOCS}/book/chapters/{chapter}.html"
        launch = f" · [Colab]({colab}/github/{github}/blob/{branch}/{lesson})" if github else ""
        rows_ko.append(f"| {chapter[:2]} | {ko} | [`{lesson}`]({lesson}){launch} | [`{page}`]({page}) |")
        rows_en.append(f"| {chapter[:2]} | {en} | [`{lesson}`]({lesson}){launch} | [`{page}`]({page}) |")
    where = url or "(강사가 알려 준 주소 / the address your instructor gives)"
    clone = f"git clone {url}" if url else "git clone <저장소 주소 / repository URL>"
    folder = url.rsplit("/", 1)[-1].removesuffix(".git") if url else "<folder>"
    template = string.Template((TEMPLATES / "students_README.md").read_text(encoding="utf-8"))
    return template.substitute(DOCS=DOCS, PYTHON=PYTHON, clone=clone, folder=folder, where=where,
                               rows_ko="\n".join(rows_ko), rows_en="\n".join(rows_en))


# --------------------------------------------------------------------------------------------- writing

def stale_lessons(chapters: list[str]) -> list[str]:
    """Files of lessons/<chapter>/ that differ from what generating them from solutions/ gives now."""
    from . import lessons
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "lessons"
        lessons._generate_into(fresh, Path(tmp), chapters)
        for chapter in chapters:
            made = {p.relative_to(fresh) for p in (fresh / chapter).rglob("*") if p.is_file()}
            have = {p.relative_to(paths.LESSONS) for p in (paths.LESSONS / chapter).rglob("*")
                    if p.is_file() and ".ipynb_checkpoints" not in p.parts}
            stale += sorted(str(p) for p in made ^ have)
            for rel in sorted(made & have):
                a, b = fresh / rel, paths.LESSONS / rel
                same = (lessons._normalise(a) == lessons._normalise(b)) if rel.suffix == ".ipynb" \
                    else a.read_bytes() == b.read_bytes()
                if not same:
                    stale.append(str(rel))
    return stale


@dataclass
class Release:
    path: Path
    chapters: list[str]
    findings: list[Finding]
    commit: str | None = None


def _check_target(to: Path) -> list[Path]:
    """DIR must be new, empty, a git repository with nothing else yet, or an earlier release: what to
    replace in it (everything but .git)."""
    if to == paths.REPO or paths.REPO.is_relative_to(to):
        raise ReleaseError(f"강사 저장소에는 쓸 수 없습니다 / not into the instructor's repository: {to}")
    if to.exists() and not to.is_dir():
        raise ReleaseError(f"폴더가 아닙니다 / not a folder: {to}")
    entries = [e for e in to.iterdir() if e.name != ".git"] if to.exists() else []
    if entries and not (to / MARKER).is_file():
        raise ReleaseError(f"{to} 는 비어 있지 않고 이전 배포도 아닙니다 / is neither empty nor an earlier "
                           f"release ({MARKER} missing); choose another folder")
    return entries


def _prepare_target(to: Path) -> None:
    entries = _check_target(to)
    to.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=check)


def commit(to: Path, chapters: list[str], url: str, branch: str) -> str:
    if not (to / ".git").exists():
        _git(to, "init", "-q", "-b", branch)
    if url and _git(to, "remote", "get-url", "origin", check=False).returncode != 0:
        _git(to, "remote", "add", "origin", url)
    _git(to, "add", "-A")
    has_head = _git(to, "rev-parse", "-q", "--verify", "HEAD", check=False).returncode == 0
    if not has_head or _git(to, "diff", "--cached", "--quiet", check=False).returncode != 0:
        identity = []
        if not _git(to, "config", "user.email", check=False).stdout.strip():
            identity = ["-c", "user.name=Course release", "-c", "user.email=release@localhost"]
        _git(to, *identity, "commit", "-q", "-m", f"Release: {', '.join(chapters)}")
    return _git(to, "rev-parse", "HEAD").stdout.strip()


def release(to: Path, chapters: list[str] | None = None, git: bool = True, log=print) -> Release:
    """Write the students' repository for ``chapters`` (default: ``course.released``) into ``to``."""
    chapters = resolve_chapters(chapters) if chapters else released_chapters()
    if not chapters:
        raise ReleaseError("공개할 장이 없습니다 / no chapter to release: set course.released in _config.yml "
                           "or pass --chapters")
    url, branch = students_repository()
    to = Path(to).resolve()
    _check_target(to)   # before the build: a wrong folder is refused at once
    stale = stale_lessons(chapters)
    if stale:   # students would get lessons other than the ones the grader assembles their answers into
        raise ReleaseError("lessons/ 가 solutions/ 와 맞지 않습니다 / lessons/ is stale; run "
                           f"`python -m autograder lessons` first: {', '.join(stale)}")
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="release-", dir=paths.BUILD) as tmp:
        html_out = Path(tmp) / DOCS
        build_book(chapters, html_out, log=log)   # first: a failed build leaves DIR as it was
        _prepare_target(to)
        shutil.copytree(html_out, to / DOCS)
    for chapter in chapters:
        shutil.copytree(paths.LESSONS / chapter, to / "lessons" / chapter,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (to / "README.md").write_text(students_readme(chapters, url, branch), encoding="utf-8")
    (to / "requirements.txt").write_text(students_requirements(chapters), encoding="utf-8")
    (to / "runtime.txt").write_text(f"python-{PYTHON}\n", encoding="utf-8")
    (to / ".gitignore").write_text(".ipynb_checkpoints/\n__pycache__/\n.venv/\n", encoding="utf-8")
    (to / MARKER).write_text(json.dumps({"chapters": chapters, "repository": {"url": url, "branch": branch}},
                                        indent=1) + "\n", encoding="utf-8")
    release_manifest.write(to)   # last: every file written above, and only those
    findings = verify(to, chapters)
    done = Release(to, chapters, findings)
    if git and not findings:   # never commit what the check refused
        done.commit = commit(to, chapters, url, branch)
    return done


# --------------------------------------------------------------------------------------------- verifying

@dataclass(frozen=True)
class Finding:
    path: str
    ko: str
    en: str

    def describe(self) -> str:
        return f"  {self.path}\n      {self.ko}\n      {self.en}"


@dataclass
class Secrets:
    """Everything a release of ``public`` chapters must not hold, computed once for a whole folder."""
    public: list[str]
    lines: dict[str, tuple[str, str]] = field(default_factory=dict)    # normalised line → (chapter, kind)
    files: dict[str, str] = field(default_factory=dict)                 # sha256 → instructor's file
    unreleased: list[str] = field(default_factory=list)
    functions: dict[str, tuple[str, str]] = field(default_factory=dict)  # compiled function → (chapter, kind)
    values: data_values.SecretValues = field(default_factory=data_values.SecretValues)
    _search: line_search.LineSearch | None = None
    _results: dict = field(default_factory=dict)   # (path, sha256) → findings: a file is read once per Secrets

    def checked(self, rel: str, data: bytes) -> list["Finding"]:
        """``check_file``, remembered: verifying a copy of a release again reads only what changed."""
        key = (rel, hashlib.sha256(data).hexdigest())
        if key not in self._results:
            self._results[key] = check_file(rel, data, self)
        return self._results[key]

    def lines_in(self, text: str) -> set[str]:
        """The secret lines ``text`` holds, whole or inside a longer line (line_search.py)."""
        if self._search is None:
            self._search = line_search.LineSearch(self.lines)
        return self._search.found_in(text)

    @classmethod
    def of(cls, public: list[str]) -> "Secrets":
        secrets = cls(public, unreleased=[c for c in paths.chapters() if c not in public])
        shown = leaks.public_lines(public)
        # a wrong answer repeats its lesson (the function's header) and lines shown anywhere: not distinctive
        common = leaks.public_lines(paths.chapters())
        for lesson in paths.LESSONS.glob("*/*.ipynb"):
            common |= {line.strip() for cell in nbformat.read(lesson, as_version=4).cells
                       for line in cell.source.split("\n")}
        secrets._public_values(shown)
        public_code = set()
        for lesson in paths.LESSONS.glob("*/*.ipynb"):
            for cell in nbformat.read(lesson, as_version=4).cells:
                public_code |= compiled_python.compiled_fingerprints(cell.source) if cell.cell_type == "code" else set()
        for chapter in paths.chapters():
            for kind in ("hidden", "solution"):   # a hidden line that repeats the solution counts as solution
                for line in leaks.secret_lines(chapter, (kind,), shown):
                    secrets.lines[leaks.normalise(line)] = (chapter, kind)
            secrets._reference_outputs(chapter, shown)
            secrets._reference_code(chapter, public_code)
            for root, kind in ((paths.WRONG_ANSWERS, "wrong"), (paths.CORRECT_ANSWERS, "correct")):
                for path in sorted((root / chapter).glob("*.py")):
                    for line in path.read_text(encoding="utf-8").split("\n"):
                        line = line.strip()
                        if len(line) >= leaks.MIN_LENGTH and not line.startswith("#") and line not in common:
                            secrets.lines.setdefault(leaks.normalise(line), (chapter, kind))
        released = {hashlib.sha256(p.read_bytes()).hexdigest()
                    for c in public for p in (paths.LESSONS / c).rglob("*") if p.is_file()}
        from .book_pages import CACHE
        for root in (paths.SOLUTIONS, paths.EXAMPLE_CLASS, paths.WRONG_ANSWERS, paths.CORRECT_ANSWERS, CACHE):
            for path in sorted(root.rglob("*")) if root.is_dir() else []:
                if path.is_file() and path.stat().st_size > 0:
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    if digest not in released:   # a blank hand-in may equal the lesson students get anyway
                        secrets.files.setdefault(digest, str(path.relative_to(paths.REPO)))
        return secrets

    @staticmethod
    def _reference_run(chapter: str) -> tuple[set[str], set[str]]:
        """(lines printed by graded cells, lines printed by the others) of the reference run (the book's
        page cache, when it ran)."""
        from .book_pages import CACHE
        runs = sorted(CACHE.glob(f"{chapter}-*.ipynb")) if CACHE.is_dir() else []
        graded, ungraded = set(), set()
        if not runs:
            return graded, ungraded
        nb = nbformat.read(runs[-1], as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
                text = str(output.get("text", "")) + "\n" + str(output.get("data", {}).get("text/plain", ""))
                target = graded if cells.is_solution(cell) or cells.is_graded_test(cell) else ungraded
                target |= {line.strip() for line in text.split("\n")}
        return graded, ungraded

    def _reference_outputs(self, chapter: str, shown: set[str]) -> None:
        """Text the reference run printed in graded cells, and the numbers in it (in every cell of a
        chapter not released)."""
        graded, ungraded = self._reference_run(chapter)
        for line in graded - ungraded - shown:
            if len(line) >= leaks.MIN_LENGTH:
                self.lines.setdefault(leaks.normalise(line), (chapter, "output"))
        printed = graded if chapter in self.public else graded | ungraded
        self.values.add_printed("\n".join(sorted(printed)), (chapter, "output"))

    def _public_values(self, shown: set[str]) -> None:
        """Numbers and text the released chapters show (their lessons, their pages): no data file
        holding them leaks anything. A number only an unreleased chapter shows may still be a hidden value."""
        shown = set(shown)
        for chapter in self.public:
            shown |= {line for cell in nbformat.read(paths.lesson_notebook(chapter), as_version=4).cells
                      for line in cell.source.split("\n")}
            shown |= self._reference_run(chapter)[1]
        self.values.public_text = "\n".join(sorted(shown))
        self.values.public_numbers = {float(n) for n in data_values.numbers_in(self.values.public_text)}

    def _reference_code(self, chapter: str, public_code: set[str]) -> None:
        """The compiled functions of the reference solutions and hidden tests, and the hidden tests' values."""
        solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
        for cell in solution.cells:
            if cell.cell_type != "code":
                continue
            if cells.is_solution(cell) or cells.is_answer_key(cell):
                for print_ in compiled_python.compiled_fingerprints(cell.source) - public_code:
                    self.functions.setdefault(print_, (chapter, "solution"))
            if cells.is_graded_test(cell) or cells.BEGIN_HIDDEN in cell.source:
                hidden = cells.split_hidden(cell.source)[1]
                for print_ in compiled_python.compiled_fingerprints(hidden) - public_code:
                    self.functions.setdefault(print_, (chapter, "hidden"))
                self.values.add_code(hidden, (chapter, "hidden"))


_DQ = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_SQ = re.compile(r"'(?:[^'\\\n]|\\.)*'")
_SQ_ESCAPES = {"n": "\n", "t": "\t", "'": "'", '"': '"', "\\": "\\", "r": ""}


def _text_views(name: str, text: str) -> list[str]:
    """The ways a file can carry a line: as written, HTML-unescaped, as a page's visible text and code,
    and inside string literals (JSON, JavaScript: notebooks, Sphinx's searchindex.js)."""
    views = [text]
    if "&" in text:
        views.append(html.unescape(text))
    if name.lower().endswith((".html", ".htm", ".xhtml", ".xml", ".svg")) or "<pre" in text:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # bs4 on XML/SVG: the text is what counts
            try:
                views.append(leaks.html_text(text))
            except ParserRejectedMarkup:   # not HTML after all (a script with "<pre"): read as it is
                pass
    if '"' in text:
        decoded = []
        for literal in _DQ.findall(text):
            if len(literal) < 10:   # too short to hold a secret line
                continue
            if "\\" not in literal:
                decoded.append(literal[1:-1])
                continue
            try:
                decoded.append(json.loads(literal))
            except ValueError:
                continue
        views.append("\n".join(d for d in decoded if isinstance(d, str)))
    if "'" in text:
        views.append("\n".join(re.sub(r"\\(.)", lambda m: _SQ_ESCAPES.get(m.group(1), m.group(1)), lit[1:-1])
                               if "\\" in lit else lit[1:-1] for lit in _SQ.findall(text) if len(lit) >= 10))
    return views


def _short(line: str, width: int = 90) -> str:
    return line if len(line) <= width else line[:width - 1] + "…"


def check_file(rel: str, data: bytes, secrets: Secrets, depth: int = 0) -> list[Finding]:
    """Why one file (by its path in the release and its bytes) must not be released; [] when it may."""
    found = []
    for part in (p for segment in rel.split("!") for p in Path(segment).parts):
        if part in SECRET_NAMES:
            ko, en = SECRET_NAMES[part]
            found.append(Finding(rel, f"경로에 강사용 자료가 있습니다: {part} ({ko})",
                                 f"path of instructor-only material: {part} ({en})"))
        for chapter in secrets.unreleased:
            if chapter in part:
                found.append(Finding(rel, f"공개하지 않은 장의 파일입니다: {chapter}",
                                     f"a file of a chapter not released: {chapter}"))
    if rel.lower().endswith((".db", ".sqlite", ".sqlite3")) or data[:16] == b"SQLite format 3\x00":
        found.append(Finding(rel, "데이터베이스 파일입니다(성적부일 수 있음)", "a database file (a gradebook?)"))
    digest = hashlib.sha256(data).hexdigest()
    if digest in secrets.files:
        found.append(Finding(rel, f"강사 저장소 파일의 사본입니다: {secrets.files[digest]}",
                             f"a copy of the instructor's file {secrets.files[digest]}"))
    members = file_text.members(rel, data) if depth < 4 else None
    if members is not None:
        for name, inner in members:
            found += check_file(f"{rel}!{name}", inner, secrets, depth + 1)
        return found + (_data_findings(rel, data, secrets) if rel.lower().endswith(".npz") else [])
    found += _data_findings(rel, data, secrets)
    texts = file_text.texts(rel, data)
    text = texts[-1]   # the file's own text (of a binary file: its printable runs)
    for marker in (cells.BEGIN_SOLUTION, cells.BEGIN_HIDDEN):
        if marker in text:
            found.append(Finding(rel, f"nbgrader 표시 `{marker}` 가 있습니다(정답 노트북의 내용)",
                                 f"holds nbgrader's `{marker}` mark (a reference notebook's content)"))
    named = sorted({c for c in secrets.unreleased if f"chapters/{c}" in text or f"lessons/{c}" in text})
    if named:
        found.append(Finding(rel, f"공개하지 않은 장을 가리킵니다: {', '.join(named)}",
                             f"points at chapters not released: {', '.join(named)}"))
    hits: dict[tuple[str, str], set[str]] = {}
    for view in (v for t in texts for v in _text_views(rel, t)):
        for key in secrets.lines_in(view):
            hits.setdefault(secrets.lines[key], set()).add(key)
    for (chapter, kind), lines in sorted(hits.items()):
        ko, en = KINDS[kind]
        sample = "; ".join(f"`{_short(line)}`" for line in sorted(lines)[:3])
        found.append(Finding(rel, f"{chapter} 의 {ko} 줄 {len(lines)}개: {sample}",
                             f"{len(lines)} line(s) of {chapter}'s {en}: {sample}"))
    if rel.endswith(".ipynb"):
        try:
            nb = nbformat.reads(text, as_version=4)
        except Exception:   # noqa: BLE001  (not a notebook: its text was read above)
            nb = None
        for index, cell in enumerate(nb.cells if nb else []):
            if cell.cell_type == "code" and (cells.is_solution(cell) or cells.is_graded_test(cell)) \
                    and cell.get("outputs"):
                found.append(Finding(rel, f"채점 셀 {index}({cells.grade_id(cell)})에 출력이 있습니다(실행 결과)",
                                     f"graded cell {index} ({cells.grade_id(cell)}) carries outputs (a run's result)"))
    return found


def _data_findings(rel: str, data: bytes, secrets: Secrets) -> list[Finding]:
    """A data file or a ``.pyc`` holding the hidden tests' values; a ``.pyc`` holding a reference function."""
    found = []
    held = data_values.values(rel, data)
    code = compiled_python.load(data)
    if code is not None:
        constants = compiled_python.constants(code)
        numbers = [float(c) for c in constants if isinstance(c, (int, float)) and not isinstance(c, bool)]
        held = (numbers, [c for c in constants if isinstance(c, str)])
        named = {secrets.functions[p] for c in compiled_python.code_objects(code)
                 if (p := compiled_python.fingerprint(c)) in secrets.functions}
        for chapter, kind in sorted(named):
            ko, en = KINDS[kind]
            found.append(Finding(rel, f"{chapter} 의 {ko} 함수를 컴파일한 코드가 있습니다",
                                 f"holds a compiled function of {chapter}'s {en}"))
    for (chapter, kind), values in sorted(secrets.values.matches(*held).items()) if held else []:
        ko, en = KINDS[kind]
        sample = ", ".join(sorted(values)[:4])
        found.append(Finding(rel, f"{chapter} 의 {ko} 값 {len(values)}개를 담은 데이터: {_short(sample)}",
                             f"data holding {len(values)} value(s) of {chapter}'s {en}: {_short(sample)}"))
    return found


def _git_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


def _history(folder: Path, seen: set[str]):
    """(path, sha, bytes) of every blob reachable from any ref that the working tree does not hold."""
    listed = _git(folder, "rev-list", "--objects", "--all", check=False)
    if listed.returncode != 0:
        return
    named = {}
    for line in listed.stdout.splitlines():
        sha, _, name = line.partition(" ")
        if name and sha not in seen:
            named.setdefault(sha, name)
    if not named:
        return
    batch = subprocess.run(["git", "-C", str(folder), "cat-file", "--batch"], input="\n".join(named).encode() + b"\n",
                           capture_output=True, check=True).stdout
    at = 0
    while at < len(batch):
        end = batch.index(b"\n", at)
        header = batch[at:end].decode().split()
        at = end + 1
        if len(header) < 3:
            continue
        sha, kind, size = header[0], header[1], int(header[2])
        data, at = batch[at:at + size], at + size + 1
        if kind == "blob":
            yield named[sha], sha, data


def verify(folder: Path, chapters: list[str] | None = None, secrets: Secrets | None = None) -> list[Finding]:
    """Everything secret in ``folder`` (and its git history); ``chapters``: those allowed to be there
    (default ``course.released``). Only chapters allowed *and* present in lessons/ count as public
    (``secrets``: ``Secrets.of`` those, when the caller has them already)."""
    folder = Path(folder)
    allowed = resolve_chapters(chapters) if chapters else released_chapters()
    present = sorted(d.name for d in (folder / "lessons").iterdir() if d.is_dir()) \
        if (folder / "lessons").is_dir() else []
    public = [c for c in paths.chapters() if c in allowed and c in present]
    if secrets is None or secrets.public != public:
        secrets = Secrets.of(public)
    found = [Finding(f"lessons/{c}", "공개하기로 한 장이 아닙니다(course.released, --chapters)",
                     "not a chapter chosen for release (course.released, --chapters)")
             for c in present if c not in allowed]
    changed = release_manifest.differences(folder)
    if changed is None:
        found.append(Finding(release_manifest.NAME, "배포 목록(manifest)이 없거나 읽을 수 없습니다: release --to 로 다시 만드세요",
                             "no readable manifest: write the release again with release --to"))
    for rel, how in sorted((changed or {}).items()):
        found.append(Finding(rel, "배포 목록(manifest)에 없는 파일입니다" if how == "new" else
                             "배포 목록(manifest)에 기록된 내용과 다릅니다",
                             "a file the manifest does not list" if how == "new" else
                             "differs from what the manifest records"))
    seen = set()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel == ".git" or rel.startswith(".git/"):
            continue
        if path.is_symlink():
            found.append(Finding(rel, "심볼릭 링크입니다(배포에는 일반 파일만 둡니다)",
                                 "a symbolic link (a release holds plain files only)"))
        elif path.is_file():
            data = path.read_bytes()
            seen.add(_git_sha(data))
            found += secrets.checked(rel, data)
    if (folder / ".git").exists():
        for name, sha, data in _history(folder, seen):
            for f in secrets.checked(name, data):
                found.append(Finding(f"{f.path} (git {sha[:10]})", f"{f.ko}, git 기록 안", f"{f.en}, in the git history"))
    return found


def report(findings: list[Finding], folder: Path) -> str:
    if not findings:
        return f"비밀 없음 / no secret found: {folder}"
    files = sorted({f.path for f in findings})
    head = (f"배포 폴더에 비밀이 있습니다: 파일 {len(files)}개 / secrets in the release folder: "
            f"{len(files)} file(s) ({folder})")
    return "\n".join([head] + [f.describe() for f in findings])
