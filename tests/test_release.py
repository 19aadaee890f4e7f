"""The students' repository (`python -m autograder release`): a student clones it and finds the released
chapters only, no secret, no link to anything but itself, and lessons that run standalone; `--verify`
catches every kind of secret planted in a copy of it.

The release is written twice into one folder, as a course does week by week: chapter 01, then 01 and 02.
"""
import html
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from urllib.parse import unquote, urlparse

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from autograder import cells, paths
from autograder.course import book_pages, chapter_deps, leaks, release
from autograder.execute import run_notebook
from conftest import RELEASE_CHOSEN, RELEASE_WEEK_1

pytestmark = pytest.mark.xdist_group("release")
WEEK_1, CHOSEN = RELEASE_WEEK_1, RELEASE_CHOSEN
EARLIER_EXERCISE = re.compile(r"exercise \d+'s `\w+` is not (written|right) yet")
UNRELEASED = [c for c in paths.chapters() if c not in CHOSEN]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "release", *args], cwd=paths.REPO,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def released(students_release):
    return students_release


@pytest.fixture(scope="module")
def clone(released, tmp_path_factory):
    """The students' repository as a student gets it."""
    target = tmp_path_factory.mktemp("student") / "course"
    subprocess.run(["git", "clone", "-q", str(released), str(target)], check=True)
    return target


@pytest.fixture(scope="module")
def students_url():
    """The students' repository configured for the release (course.students_repository in _config.yml)."""
    url, branch = release.students_repository(yaml.safe_load((paths.REPO / "_config.yml").read_text()))
    assert url.startswith("https://"), "_config.yml: course.students_repository.url is not set"
    return url, branch


def _secret_line(chapter: str, kind: str) -> str:
    lines = leaks.secret_lines(chapter, (kind,), leaks.public_lines(CHOSEN))
    return sorted(lines, key=lambda line: (-len(line), line))[0]


def test_the_clone_holds_the_released_chapters_and_nothing_of_the_instructor(clone):
    top = {p.name for p in clone.iterdir()}
    assert top == {".git", ".gitignore", ".course-release.json", ".course-manifest.json", "README.md",
                   "requirements.txt", "runtime.txt", "docs", "lessons"}
    assert sorted(p.name for p in (clone / "lessons").iterdir()) == CHOSEN
    for chapter in CHOSEN:
        assert [p.name for p in (clone / "lessons" / chapter).iterdir()] == [f"{chapter}.ipynb"]
        assert (clone / "lessons" / chapter / f"{chapter}.ipynb").read_bytes() == \
            paths.lesson_notebook(chapter).read_bytes()
    log = subprocess.run(["git", "-C", str(clone), "log", "--format=%s"], capture_output=True, text=True).stdout
    assert log.split("\n")[:2] == [f"Release: {', '.join(CHOSEN)}", f"Release: {', '.join(WEEK_1)}"]


def test_verify_passes_on_the_clone_and_names_chapters_not_chosen(clone):
    done = _cli("--verify", str(clone), "--chapters", ",".join(CHOSEN))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "비밀 없음 / no secret found" in done.stdout
    findings = release.verify(clone, WEEK_1)   # 02 was not chosen: its lesson and page are reported
    named = {f.path for f in findings}
    assert "lessons/02-backprop" in named and "docs/book/chapters/02-backprop.html" in named


def test_only_released_chapters_are_in_the_book(clone):
    docs = clone / "docs"
    assert sorted(p.stem for p in (docs / "book" / "chapters").glob("*.html")) == CHOSEN
    index = (docs / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(index[index.index("(") + 1:index.rindex(")")])
    assert [d for d in index["docnames"] if d.startswith("book/chapters/")] == [f"book/chapters/{c}" for c in CHOSEN]
    assert "book/guide-instructors" not in index["docnames"]
    linked = set()
    for page in docs.rglob("*.html"):
        linked |= set(re.findall(r"chapters/(\d\d-[a-z0-9-]+)\.html", page.read_text(encoding="utf-8")))
    assert linked == set(CHOSEN)
    intro = (docs / "book" / "intro.html").read_text(encoding="utf-8")
    for chapter in UNRELEASED:
        assert release.chapter_title(chapter)[1] not in intro
    # the instructor's own book keeps every chapter
    assert book_pages.toc_chapters() == paths.chapters()


def _urls(text: str) -> set[str]:
    return {unquote(u) for u in re.findall(r"https?://[^\s\"'<>)\]]+", html.unescape(text))}


def test_every_repository_link_points_at_the_students_repository(clone, students_url):
    url, branch = students_url
    owner_name = urlparse(url).path.strip("/")
    cfg = yaml.safe_load((paths.REPO / "_config.yml").read_text())
    services = {urlparse(url).netloc, "github.com", "gitlab.com", "bitbucket.org"}
    services |= {urlparse(v).netloc for v in (cfg.get("launch_buttons") or {}).values()
                 if isinstance(v, str) and v.startswith("http")}
    launches = {chapter: 0 for chapter in CHOSEN}
    pages = list((clone / "docs").rglob("*.html")) + [clone / "README.md"]
    for page in pages:
        for link in _urls(page.read_text(encoding="utf-8")):
            if urlparse(link).netloc not in services and "github.com/" not in link:
                continue
            assert owner_name in link, f"{page.relative_to(clone)}: {link}"
            for other in re.findall(r"github\.com/([^/?#&]+/[^/?#&]+)", link):
                assert other.removesuffix(".git") == owner_name, f"{page.relative_to(clone)}: {link}"
            for chapter in re.findall(r"lessons/(\d\d-[a-z0-9-]+)/", link):
                assert chapter in CHOSEN, link
                launches[chapter] += 1
    assert all(launches.values()), launches   # every chapter has launch links, all into the students' repo
    # relative links and sources stay inside the book (the download serves the lesson from the book itself)
    docs = clone / "docs"
    for page in docs.rglob("*.html"):
        if "_static" in page.relative_to(docs).parts:   # theme templates (webpack-macros.html), not pages
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for attribute in ("href", "src"):
                value = tag.get(attribute)
                if not value or re.match(r"^(#|[a-z][a-z0-9+.-]*:|//)", value):
                    continue
                target = (page.parent / value.split("#")[0].split("?")[0]).resolve()
                assert target.is_relative_to(docs.resolve()) and target.exists(), f"{page}: {value}"
    for chapter in CHOSEN:
        served = docs / "lessons" / chapter / f"{chapter}.ipynb"
        assert served.read_bytes() == paths.lesson_notebook(chapter).read_bytes()


def test_students_readme_and_requirements(clone, students_url):
    readme = (clone / "README.md").read_text(encoding="utf-8")
    korean, english = readme.split("\n## English\n")
    assert "## 한국어" in korean
    for words in (["JupyterLab", "Colab", "requirements.txt", "답 셀", "도우미 함수", "테스트 셀", "제출"],
                  ["JupyterLab", "Colab", "requirements.txt", "answer cell", "helper", "test cell", "Hand in"]):
        part = korean if "답 셀" in words else english
        assert all(word in part for word in words), [w for w in words if w not in part]
    assert students_url[0] in readme
    course = {release._canonical(line.split("==")[0]): line.split("==")[1] for line in release.course_pins().values()}
    listed = dict(line.split("==") for line in (clone / "requirements.txt").read_text().splitlines()
                  if not line.startswith("#"))
    assert set(listed) == {p for c in CHOSEN for p in chapter_deps.packages(c)} \
        == {"numpy", "matplotlib", "koreanize-matplotlib"}
    assert all(course[release._canonical(name)] == version for name, version in listed.items())
    assert (clone / "runtime.txt").read_text().strip() == f"python-{release.PYTHON}"


def test_a_lesson_from_the_clone_runs_standalone(clone):
    """Run where a student has it: only the unsolved stubs fail (no ImportError, no missing file).

    A stub raises NotImplementedError, and so does what calls it; a stub that also binds a placeholder
    (``GATE_PARAMS = {}``) makes its own tests fail their assertions instead; a visible test that needs an
    earlier exercise says which one is not written or not right yet."""
    chapter = CHOSEN[0]
    folder = clone / "lessons" / chapter
    lesson = nbformat.read(folder / f"{chapter}.ipynb", as_version=4)
    _, errors = run_notebook(lesson, folder)
    assert any(cells.is_graded_test(lesson.cells[i]) for i in errors), "an unsolved lesson's tests must fail"
    stub_tests = {i for ex in cells.exercises(lesson) if ex.solution_index in errors for i in ex.test_indices}
    unexpected = {i: e for i, e in errors.items() if e.ename != "NotImplementedError"
                  and not (e.ename in ("AssertionError", "TestFailed") and i in stub_tests)
                  and not (e.ename == "TestFailed" and EARLIER_EXERCISE.search(e.evalue))}
    assert unexpected == {}
    assert all(errors[ex.solution_index].ename == "NotImplementedError"
               for ex in cells.exercises(lesson) if ex.solution_index in errors)


def test_verify_catches_every_planted_secret(clone, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(clone, copy, symlinks=True)
    planted = {}

    def plant(rel: str, data, why: str) -> None:
        target = copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        planted[rel] = why

    # reference-solution line inside a highlighted code block of a chapter page (spans split the line)
    line = _secret_line("01-perceptron", "solution")
    first, _, rest = line.partition(" ")
    page = copy / "docs/book/chapters/01-perceptron.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", f'<div class="highlight"><pre><span></span><span class="k">{html.escape(first)}</span> '
                   f'<span class="n">{html.escape(rest)}</span></pre></div></main>'), encoding="utf-8")
    planted["docs/book/chapters/01-perceptron.html"] = "01-perceptron's reference solution"
    # hidden-test line in Sphinx's search index, inside a JSON string
    hidden = _secret_line("02-backprop", "hidden")
    index = copy / "docs/searchindex.js"
    extra = json.dumps({"t": f"x\n{hidden}"})
    index.write_text(index.read_text(encoding="utf-8") + f"\nSearch.extra = {extra};\n", encoding="utf-8")
    planted["docs/searchindex.js"] = "02-backprop's hidden tests"
    # hidden-test line in a page's notebook source (_sources)
    source = copy / "docs/_sources/book/chapters/02-backprop.ipynb"
    nb = nbformat.read(source, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(f"# check\n{hidden}\n"))
    nbformat.write(nb, source)
    planted["docs/_sources/book/chapters/02-backprop.ipynb"] = "02-backprop's hidden tests"
    # a later chapter's lesson that reveals an earlier chapter's answer
    lesson = copy / "lessons/02-backprop/02-backprop.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_markdown_cell(f"Reminder from chapter 1:\n\n    {line}\n"))
    nbformat.write(nb, lesson)
    planted["lessons/02-backprop/02-backprop.ipynb"] = "01-perceptron's reference solution"
    # an unreleased chapter's answer in the README
    readme = copy / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\n" + _secret_line("03-activations", "solution") + "\n")
    planted["README.md"] = "03-activations's reference solution"
    # an answer of 02 that only an unreleased later chapter shows openly is still a secret of this release
    only_later = leaks.secret_lines("02-backprop", ("solution",), leaks.public_lines(CHOSEN)) \
        - leaks.secret_lines("02-backprop", ("solution",))
    if only_later:
        plant("docs/_static/notes.txt", "\n".join(sorted(only_later)) + "\n", "02-backprop's reference solution")
    # a kept wrong answer, as is and as a JSON string
    wrong = sorted((paths.WRONG_ANSWERS / "01-perceptron").glob("*.py"))[0]
    plant("notes/attempt.py", wrong.read_bytes(), "a copy of the instructor's file tests/wrong_answers/")
    distinctive = release.Secrets.of(CHOSEN)
    wrong_line = next(k for k, (c, kind) in sorted(distinctive.lines.items()) if kind == "wrong")
    plant("docs/_static/extra.json", json.dumps({"code": f"x = 1\n{wrong_line}\n"}), "kept wrong answers")
    # the example class: a full-mark hand-in, its grades, a file that is not a notebook
    submitted = paths.EXAMPLE_CLASS / "submitted"
    full_marks = submitted / "ahn_jisoo" / "01-perceptron" / "01-perceptron.ipynb"
    plant("lessons/01-perceptron/answers.ipynb", full_marks.read_bytes(),
          "a copy of the instructor's file autograder/example_class/")
    plant("docs/_static/marks.csv", (paths.EXAMPLE_CLASS / "expected_grades.csv").read_bytes(),
          "a copy of the instructor's file autograder/example_class/expected_grades.csv")
    plant("misc/upload.txt", (submitted / "eom_seojin/01-perceptron/01-perceptron.ipynb").read_bytes(),
          "a copy of the instructor's file autograder/example_class/")
    # solutions/, a gradebook, an archive holding a reference notebook, an unreleased lesson
    plant("solutions/01-perceptron/01-perceptron.ipynb", paths.solution_notebook("01-perceptron").read_bytes(),
          "the reference notebooks' folder")
    database = copy / "docs/_static/cache.bin"
    with sqlite3.connect(database) as db:
        db.execute("create table grade (student text, score real)")
    planted["docs/_static/cache.bin"] = "a database file"
    with zipfile.ZipFile(copy / "handout.zip", "w") as archive:
        archive.writestr("week2/ref.ipynb", paths.solution_notebook("02-backprop").read_text(encoding="utf-8"))
    planted["handout.zip!week2/ref.ipynb"] = "02-backprop's reference solution"
    shutil.copytree(paths.LESSONS / UNRELEASED[0], copy / "lessons" / UNRELEASED[0])
    planted[f"lessons/{UNRELEASED[0]}"] = "not a chapter chosen for release"
    # reference output: a graded cell of a lesson with outputs
    lesson = copy / "lessons/01-perceptron/01-perceptron.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    graded = next(c for c in nb.cells if cells.is_solution(c))
    graded.outputs = [nbformat.v4.new_output("stream", name="stdout", text="[0 0 0 1]\n")]
    nbformat.write(nb, lesson)
    planted["lessons/01-perceptron/01-perceptron.ipynb"] = "carries outputs"
    # a secret committed once and deleted: still in every clone's history
    git = ["git", "-C", str(copy), "-c", "user.name=t", "-c", "user.email=t@localhost"]
    (copy / "scratch.py").write_text(_secret_line("01-perceptron", "hidden") + "\n")
    subprocess.run(git + ["add", "scratch.py"], check=True)
    subprocess.run(git + ["commit", "-qm", "scratch"], check=True)
    subprocess.run(git + ["rm", "-q", "scratch.py"], check=True)
    subprocess.run(git + ["commit", "-qm", "oops"], check=True)
    planted["scratch.py (git "] = "in the git history"

    done = _cli("--verify", str(copy), "--chapters", ",".join(CHOSEN))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "배포 폴더에 비밀이 있습니다" in done.stdout and "secrets in the release folder" in done.stdout
    findings = release.verify(copy, CHOSEN)
    for rel, why in planted.items():
        reasons = [f.en for f in findings if f.path.startswith(rel)]
        assert any(why in reason for reason in reasons), (rel, why, reasons)
        assert rel in done.stdout
    for finding in findings:   # every finding says why, in both languages
        assert re.search("[가-힣]", finding.ko) and re.search("[a-z]", finding.en)
    untouched = {f.path for f in findings} - {f.path for f in findings   # (an archive: the manifest names it)
                                             if any(f.path.startswith(rel) or rel.startswith(f.path + "!")
                                                    for rel in planted)}
    assert untouched == set(), untouched   # nothing else in the release was taken for a secret


def test_a_later_chapter_does_not_reveal_an_earlier_chapters_answers(clone):
    """Every chapter's answers are looked for in every file, released or not: chapter 02's page and
    lesson hold no line of chapter 01's answers (nor of any other chapter's)."""
    secrets = release.Secrets.of(CHOSEN)
    assert {chapter for chapter, kind in secrets.lines.values() if kind == "solution"} == set(paths.chapters())
    for rel in ("lessons/02-backprop/02-backprop.ipynb", "docs/book/chapters/02-backprop.html",
                "docs/_sources/book/chapters/02-backprop.ipynb", "docs/lessons/02-backprop/02-backprop.ipynb"):
        assert release.check_file(rel, (clone / rel).read_bytes(), secrets) == []


def test_errata_keeps_only_rows_of_released_chapters():
    table = "| mistake | fix | 장 |\n|---|---|---|\n| a | b | 01 |\n| c | d | 01, 03 |\n| e | f | 06 |\ntext 06\n"
    assert release.errata_for(table, ["01-perceptron"]) == \
        "| mistake | fix | 장 |\n|---|---|---|\n| a | b | 01 |\n| c | d | 01, 03 |\ntext 06\n"


def test_release_refuses_a_folder_that_is_not_a_release(tmp_path):
    (tmp_path / "mine.txt").write_text("my own work")
    done = _cli("--to", str(tmp_path), "--chapters", "01")
    assert done.returncode == 2 and "is neither empty nor an earlier release" in done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]
    done = _cli("--to", str(paths.REPO), "--chapters", "01")
    assert done.returncode == 2 and "instructor's repository" in done.stderr
