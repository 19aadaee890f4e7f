"""The HTML book builds, shows every chapter with its figures, and leaks nothing."""
import pytest

from autograder import paths
from autograder.course import leaks
from conftest import CHAPTERS

HTML = paths.BUILD / "html"
pytestmark = pytest.mark.xdist_group("book")


@pytest.fixture(scope="module")
def built(built_book):
    return built_book


def test_intro_is_in_both_languages(built):
    text = (built / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'lang="ko"' in text and 'lang="en"' in text
    assert "공부하는 방법" in text and "How to study" in text


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_has_figures_and_exercises_as_students_see_them(built, chapter):
    page = (built / "book" / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    assert page.count("<img") >= 2
    assert "여기에 코드를 작성하세요 / YOUR CODE HERE" in page
    assert "NotImplementedError" in page


def test_nothing_of_a_solution_or_hidden_test_in_the_html(built):
    found = {}
    for page in built.rglob("*"):
        if page.is_file() and page.suffix in {".html", ".ipynb", ".js", ".txt", ".md"}:
            text = page.read_text(encoding="utf-8", errors="replace")
            text = leaks.html_text(text) if page.suffix == ".html" else text
            for chapter in CHAPTERS:
                if hits := leaks.leaks_in_text(text, chapter):
                    found[f"{page.relative_to(built)} ({chapter})"] = hits[:3]
    assert found == {}


def test_missing_glyphs_are_detected(tmp_path):
    """A figure with Hangul in a font without it must be caught (the book build then fails)."""
    import nbformat
    from autograder.course.book_pages import missing_glyph_warnings
    from autograder.execute import run_notebook
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
        "plt.rcParams['font.family'] = 'DejaVu Sans'\nplt.title('손실 / loss')\nplt.gcf().canvas.draw()")])
    ran, errors = run_notebook(nb, tmp_path)
    assert errors == {}
    assert missing_glyph_warnings(ran)


def test_glossary_page_lists_every_term_and_chapters_link_to_it(built):
    from autograder.course import glossary
    page = (built / "book" / "glossary.html").read_text(encoding="utf-8")
    for term in glossary.terms():
        assert f'id="{glossary.anchor(term)}"' in page
    chapter = (built / "book" / "chapters" / f"{CHAPTERS[0]}.html").read_text(encoding="utf-8")
    assert 'href="../glossary.html#term-perceptron"' in chapter


# ------------------------------------------------------------------ buttons, download, page furniture (issue 11)

import re  # noqa: E402
import struct  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import yaml  # noqa: E402

from autograder.course.book_pages import toc_chapters  # noqa: E402

sys.path.insert(0, str(paths.REPO / "book" / "_ext"))
import lesson_launch  # noqa: E402

BOOK_CHAPTERS = toc_chapters()   # the chapters the book shows

DOWNLOAD = re.compile(r'<a href="([^"]+)"([^>]*)class="[^"]*btn-download-source-button')


def _config():
    return yaml.safe_load((paths.REPO / "_config.yml").read_text(encoding="utf-8"))


def _download(built, chapter) -> Path:
    """The file the chapter page's download (.ipynb) button points at, followed from the built HTML."""
    page = built / "book" / "chapters" / f"{chapter}.html"
    links = DOWNLOAD.findall(page.read_text(encoding="utf-8"))
    assert len(links) == 1, links
    href, attributes = links[0]
    assert not href.startswith(("http:", "https:", "/")), href   # served by the book itself: works offline
    assert f'download="{chapter}.ipynb"' in attributes          # saved under the name the grader expects
    return (page.parent / href).resolve()


@pytest.mark.parametrize("chapter", BOOK_CHAPTERS)
def test_download_button_serves_the_gradable_lesson(built, chapter):
    target = _download(built, chapter)
    assert target.is_relative_to(built.resolve())
    assert target.read_bytes() == paths.lesson_notebook(chapter).read_bytes()
    import nbformat
    from autograder import cells
    lesson = nbformat.read(target, as_version=4)
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    assert [cells.grade_id(c) for c in lesson.cells if cells.is_solution(c)] == \
           [cells.grade_id(c) for c in solution.cells if cells.is_solution(c)]   # nbgrader metadata intact


def test_downloaded_lesson_with_the_reference_answers_grades_full_marks(built, tmp_path):
    """A student downloads the lesson from the book, writes the answers, hands it in: full marks."""
    import nbformat
    from autograder import cells
    from autograder.grading.run import grade_class
    chapter = BOOK_CHAPTERS[0]
    nb = nbformat.read(_download(built, chapter), as_version=4)
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    marks = {cells.BEGIN_SOLUTION, cells.END_SOLUTION}
    answers = {cells.grade_id(c): "\n".join(line for line in c.source.split("\n") if line.strip() not in marks)
               for c in solution.cells if cells.is_solution(c)}
    filled = 0
    for cell in nb.cells:
        if cells.is_solution(cell):
            cell.source = answers[cells.grade_id(cell)]
            filled += 1
    assert filled == len(answers) > 0
    hand_in = tmp_path / "submitted" / "student_from_the_book" / chapter / f"{chapter}.ipynb"
    hand_in.parent.mkdir(parents=True)
    nbformat.write(nb, hand_in)
    report = grade_class(tmp_path / "submitted", tmp_path / "out", chapters=[chapter], jobs=1)
    outcome, = [o for o in report.outcomes if o.student == "student_from_the_book"]
    assert outcome.status == "graded", outcome.reason
    assert outcome.score + sum(outcome.awaiting.values()) == outcome.max_score > 0, outcome.reason


def test_buttons_open_only_the_students_repository(built):
    config = _config()
    students = config["course"]["students_repository"]["url"].rstrip("/")
    assert "jupyterhub_url" not in config["launch_buttons"]   # no hub configured: no hub button
    for chapter in BOOK_CHAPTERS:
        html = (built / "book" / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
        hrefs = re.findall(r'href="([^"]+)"', html)
        github = [h for h in hrefs if "github.com/" in h and "colab" not in h]
        assert github and all(h.startswith(students) for h in github), github
        org_repo = students.split("github.com/")[1]
        launch = [h for h in hrefs if h.startswith(("https://mybinder.org", "https://colab.research.google.com"))]
        assert len(launch) == 2 and all(org_repo in h and f"lessons/{chapter}/{chapter}.ipynb" in h for h in launch)
        assert "hub/user-redirect" not in html and "JupyterHub" not in html


def test_pages_declare_thebe_once_and_have_a_favicon(built):
    pages = [p for p in built.rglob("*.html") if "<head>" in p.read_text(encoding="utf-8")]
    assert len(pages) > len(BOOK_CHAPTERS)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count("const THEBE_JS_URL") <= 1, page   # twice: "Identifier has already been declared"
        assert '<link rel="icon" href="' in html, page
    assert (built / "_static" / "favicon.svg").exists()


# Figures (by their order on the page) that are multi-panel grids and must fit the page width.
GRIDS = {"01-perceptron": [1], "03-activations": [0, 2], "05-entropy": [1], "06-optimizers": [1, 3, 4],
         "08-mnist-keras": [0, 3, 8, 9]}


def _png_dpi(data: bytes) -> float:
    """Dots per inch from a PNG's pHYs chunk (0 when it has none)."""
    at = 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"pHYs":
            per_metre, _, unit = struct.unpack(">IIB", data[at + 8:at + 17])
            return per_metre * 0.0254 if unit == 1 else 0.0
        at += 12 + length
    return 0.0


@pytest.mark.parametrize("chapter", BOOK_CHAPTERS)
def test_figures_are_sharp_and_laid_out_for_the_page(built, chapter):
    """≥ 150 dpi, shown at 100 px per inch, and no wider than 12.5 in (the page is ≈ 6.9 in wide at 100 px/in:
    wider, 10 pt labels shrink below 7.5 px). Multi-panel grids are at most 10.5 in wide (10 pt ≥ 9 px)."""
    html = (built / "book" / "chapters" / f"{chapter}.html").read_text(encoding="utf-8")
    figures = re.findall(r'<img alt="[^"]*" src="\.\./\.\./(_images/[0-9a-f]+\.png)" style="width: (\d+)px;', html)
    assert len(figures) >= 2
    for src, css_width in figures:
        data = (built / src).read_bytes()
        dpi = _png_dpi(data)
        pixels = struct.unpack(">I", data[16:20])[0]
        assert dpi >= 150, (src, dpi)
        assert pixels >= 1.5 * int(css_width), (src, pixels, css_width)   # sharp at the size shown
        inches = pixels / dpi
        assert inches <= 12.5, (src, inches)
    if chapter in GRIDS:   # ch03's 3-panel and 2 x 3 grids, ch06's 2 x 5 grid (now one 2 x 3 figure per problem)
        for index in GRIDS[chapter]:
            data = (built / figures[index][0]).read_bytes()
            assert struct.unpack(">I", data[16:20])[0] / _png_dpi(data) <= 10.5, (chapter, index)


def test_extension_never_points_at_the_instructors_repository(tmp_path):
    """Without course.students_repository the book has no repository or launch target at all."""
    (tmp_path / "_config.yml").write_text("course:\n  released: [01-perceptron]\n", encoding="utf-8")
    options = {"repository_url": "https://github.com/teacher/private", "use_repository_button": True}
    lesson_launch.use_students_repository(SimpleNamespace(srcdir=str(tmp_path)),
                                          SimpleNamespace(html_theme_options=options))
    assert options == {}
    (tmp_path / "_config.yml").write_text(
        "course:\n  students_repository:\n    url: https://github.com/class/lessons/\n    branch: week3\n",
        encoding="utf-8")
    lesson_launch.use_students_repository(SimpleNamespace(srcdir=str(tmp_path)),
                                          SimpleNamespace(html_theme_options=options))
    assert options == {"repository_url": "https://github.com/class/lessons", "repository_branch": "week3",
                       "use_repository_button": True}


def test_extension_rewrites_launch_and_download_links():
    buttons = [{"type": "group", "buttons": [
        {"url": "https://mybinder.org/v2/gh/class/dlb-students/main?urlpath=lab/tree/book/chapters/02-backprop.ipynb"},
        {"url": "https://hub.example.ac.kr/hub/user-redirect/git-pull?repo=https%3A//github.com/class/dlb-students"
                "&urlpath=lab/tree/dlb-students/book/chapters/02-backprop.ipynb&branch=main"}]},
        {"type": "group", "buttons": [{"url": "../../_sources/book/chapters/02-backprop.ipynb"}]}]
    context = {"header_buttons": buttons, "pathto": lambda target, resource=0: f"../../{target}",
               "script_files": []}
    lesson_launch.point_buttons_at_lessons(None, "book/chapters/02-backprop", "page.html", context, None)
    launch, download = context["header_buttons"]
    assert launch["buttons"][0]["url"].endswith("urlpath=lab/tree/lessons/02-backprop/02-backprop.ipynb")
    assert "urlpath=lab/tree/dlb-students/lessons/02-backprop/02-backprop.ipynb" in launch["buttons"][1]["url"]
    assert download["buttons"][0]["url"] == "../../lessons/02-backprop/02-backprop.ipynb"
