"""Issue 15 §4 on a synthetic chapter: written answers graded by hand and the instructors' answer key.

- a written answer (markdown cell, nbgrader solution + grade) reaches the lesson as nbgrader's bilingual
  stub, its model answer stays a secret (leak check, book page, release check);
- ``grade`` never scores it: grades.csv, the report and the feedback say its points await manual grading;
- once an instructor gives a manual score in the gradebook (as formgrader does), ``export`` includes it;
- a cell tagged ``answer-key`` reaches neither the lesson, nor the book page, nor a release.
"""
import copy
import csv
import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import cells, paths
from autograder.course import audit, authoring, book_pages, leaks, lessons, release
from autograder.grading.run import grade_class
from autograder.grading.sandbox import Limits

pytestmark = pytest.mark.xdist_group("grader-synthetic")
CHAPTER = "99-written"
HELPERS = "def check(condition, ko, en):\n    if not condition:\n        raise AssertionError(ko + ' / ' + en)"
MODEL = "MODEL_ANSWER_LINE 기울기가 층마다 0.25 이하로 곱해져 앞쪽 층에서는 거의 0이 됩니다."
KEY = "ANSWER_KEY_LINE 학습률을 너무 크게 잡으면 손실이 발산합니다 / too large a rate diverges."
STUB = "여기에 답을 쓰세요 / YOUR ANSWER HERE"
LIMITS = Limits(cell_seconds=10, notebook_seconds=30, memory_mb=1024, processes=32, output_kb=256)


def _solution():
    return authoring.notebook([
        authoring.locked("test_helpers", HELPERS),
        authoring.md("## 연습 / Exercise\n두 배를 돌려주세요.", "## Exercise\nReturn twice the input."),
        authoring.solution("ex_double", "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"),
        authoring.test("test_double", 2, "check(double(1) == 2, '두 배', 'twice')",
                       "check(double(21) == 42, '숨은 검사', 'hidden check')"),
        authoring.md("## 더 생각해 볼 질문 / Questions to think about\n왜 기울기가 사라질까요?",
                     "## Questions to think about\nWhy does the gradient vanish?"),
        authoring.written("written_vanishing", 3, f"<div lang=\"ko\">\n\n{MODEL}\n\n</div>"),
        authoring.answer_key(f"### 답 / Key\n{KEY}", f"### Key\n{KEY}"),
    ], "written answers")


@pytest.fixture(scope="module")   # module, not session: it patches paths for this file only
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("written")
    mp = pytest.MonkeyPatch()
    mp.setattr(paths, "SOLUTIONS", root / "solutions")
    mp.setattr(paths, "LESSONS", root / "lessons")
    mp.setattr(book_pages, "CACHE", root / "page-cache")
    (root / "solutions" / CHAPTER).mkdir(parents=True)
    (root / "lessons").mkdir()
    nbformat.write(_solution(), paths.solution_notebook(CHAPTER))
    lessons.generate([CHAPTER])
    yield root, nbformat.read(paths.lesson_notebook(CHAPTER), as_version=4)
    mp.undo()


def test_the_lesson_shows_the_stub_and_no_answer_key(course):
    _, lesson = course
    written = [c for c in lesson.cells if cells.is_written(c)]
    assert [c.source for c in written] == [STUB]
    assert cells.points(written[0]) == 3 and not cells.nbgrader_meta(written[0]).get("locked")
    assert not [c for c in lesson.cells if cells.is_answer_key(c)]
    text = leaks.notebook_text(lesson)
    assert "MODEL_ANSWER_LINE" not in text and "ANSWER_KEY_LINE" not in text
    assert leaks.leaks_in_notebook(lesson, CHAPTER) == []
    assert lessons.stale_files() == []    # the committed (here: generated) lessons are current


def test_the_leak_check_knows_both_secrets(course):
    secrets = leaks.secret_lines(CHAPTER)
    assert MODEL in secrets and KEY in secrets
    # the check can fail: a lesson that showed the model answer or the key would be caught
    _, lesson = course
    planted = copy.deepcopy(lesson)
    planted.cells.append(nbformat.v4.new_markdown_cell(f"{MODEL}\n{KEY}"))
    assert leaks.leaks_in_notebook(planted, CHAPTER) == sorted([MODEL, KEY])


def test_the_book_page_shows_neither(course):
    page = book_pages.page(CHAPTER)
    text = leaks.notebook_text(page)
    assert STUB in text
    assert "MODEL_ANSWER_LINE" not in text and "ANSWER_KEY_LINE" not in text
    assert leaks.leaks_in_notebook(page, CHAPTER) == []


def test_release_verify_catches_both(course, monkeypatch):
    root, _ = course
    for name in ("REPO", "EXAMPLE_CLASS", "WRONG_ANSWERS", "CORRECT_ANSWERS"):   # the synthetic course only
        monkeypatch.setattr(paths, name, root if name == "REPO" else root / name.lower())
    secrets = release.Secrets.of([CHAPTER])
    clean = nbformat.writes(nbformat.read(paths.lesson_notebook(CHAPTER), as_version=4)).encode()
    assert release.check_file(f"lessons/{CHAPTER}/{CHAPTER}.ipynb", clean, secrets) == []
    for line in (MODEL, KEY):
        found = release.check_file("notes.md", f"# notes\n{line}\n".encode(), secrets)
        assert found, line


def test_the_audit_accepts_written_answers(course):
    assert audit.written_answer_problems(CHAPTER) == []
    # the whole audit runs on the chapter: its one finding is the missing wrong-answer fixture
    assert audit.audit_chapter(CHAPTER) == [f"{CHAPTER}: exercise ex_double has no wrong-answer fixture"]
    assert [ex.solution_id for ex in cells.exercises(nbformat.read(paths.solution_notebook(CHAPTER),
                                                                   as_version=4))] == ["ex_double"]


def _hand_in(root, lesson, students):
    for student, (code, text) in students.items():
        nb = copy.deepcopy(lesson)
        for cell in nb.cells:
            if cells.grade_id(cell) == "ex_double":
                cell.source = code
            elif cells.is_written(cell) and text is not None:
                cell.source = text
        target = root / "submitted" / student / CHAPTER / f"{CHAPTER}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
    return root / "submitted"


def _rows(path):
    with open(path, encoding="utf-8") as handle:
        return {r["student"]: r for r in csv.DictReader(handle)}


def test_grade_awaits_manual_grading_then_export_includes_it(course):
    root, lesson = course
    answer = "기울기가 작아지는 이유: import os 처럼 코드처럼 보이는 글도 실행하지 않습니다 `__import__('os')`"
    submitted = _hand_in(root, lesson, {"kim": ("def double(x):\n    return 2 * x", answer),
                                        "lee": ("def double(x):\n    return x + 1", None)})
    out = root / "grading"
    report = grade_class(submitted, out, jobs=1, limits=LIMITS)
    by = {o.student: o for o in report.outcomes}
    # the written answer is never auto-scored, nor parsed as Python by the answer check
    assert (by["kim"].status, by["kim"].score, by["kim"].max_score) == ("graded", 2, 5), by["kim"]
    assert by["kim"].awaiting == {"written_vanishing": 3}
    # lee left the stub: 0 without a person (issue 25), not awaiting anyone
    assert (by["lee"].status, by["lee"].score, by["lee"].awaiting, by["lee"].blank) == \
        ("graded", 0, {}, ["written_vanishing"])
    assert "written_vanishing" not in by["kim"].per_test
    rows = _rows(out / "grades.csv")
    assert rows["kim"]["score"] == "2" and "awaiting manual grading: 3 point(s)" in rows["kim"]["reason"]
    assert "수동 채점 대기 3점" in rows["kim"]["reason"]
    page = (out / "feedback" / "kim" / CHAPTER / f"{CHAPTER}.html").read_text(encoding="utf-8")
    assert "awaiting manual grading" in page and "직접 채점" in page and "written_vanishing" in page
    assert "import os" in page     # the student's own text, shown back to them
    assert "MODEL_ANSWER_LINE" not in page and "ANSWER_KEY_LINE" not in page
    assert "<td>0</td><td>1</td></tr>" in (out / "report.html").read_text(encoding="utf-8")  # kim awaiting
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:   # what formgrader shows as to be graded
        grade = gb.find_grade("written_vanishing", CHAPTER, CHAPTER, "kim")
        assert grade.auto_score is None and grade.needs_manual_grade
        assert gb.find_submission_notebook(CHAPTER, CHAPTER, "kim").needs_manual_grade

    # formgrader, started in the grading folder, reads this gradebook and lists kim's answer to grade
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader("nbgrader_config.py", path=str(out)).load_config()
    api = NbGraderAPI(config=config)
    assert api.coursedir.db_url == f"sqlite:///{(out / 'gradebook.db').resolve()}?timeout=120"
    assert api.get_submission(CHAPTER, "kim")["needs_manual_grade"]
    assert (out / "autograded" / "kim" / CHAPTER / f"{CHAPTER}.ipynb").is_file()

    # the instructor grades kim's answer in formgrader: it stores manual_score and clears needs_manual_grade
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        grade = gb.find_grade("written_vanishing", CHAPTER, CHAPTER, "kim")
        grade.manual_score, grade.needs_manual_grade = 2.5, False
        gb.db.commit()
    done = subprocess.run([sys.executable, "-m", "autograder", "export", "--out", str(out)],
                          capture_output=True, text=True, cwd=paths.REPO)
    assert done.returncode == 0, done.stderr
    rows = _rows(out / "grades.csv")
    assert rows["kim"]["score"] == "4.5" and "awaiting" not in rows["kim"]["reason"], rows["kim"]
    assert rows["lee"]["score"] == "0" and "blank written answer written_vanishing: 0 points" in rows["lee"]["reason"]
    assert "no written answer awaits manual grading" in done.stdout

    # regrading (nothing changed) keeps the manual score; the feedback command shows it
    again = grade_class(submitted, out, jobs=1, limits=LIMITS)
    assert {o.student: o.score for o in again.outcomes} == {"kim": 4.5, "lee": 0}
    done = subprocess.run([sys.executable, "-m", "autograder", "feedback", "--out", str(out)],
                          capture_output=True, text=True, cwd=paths.REPO)
    assert done.returncode == 0, done.stderr
    page = (out / "feedback" / "kim" / CHAPTER / f"{CHAPTER}.html").read_text(encoding="utf-8")
    assert "2.5 / 3" in page and "awaiting manual grading" not in page

    # kim rewrites the answer and hands it in again: the old manual score no longer counts (issue 25)
    notebook = submitted / "kim" / CHAPTER / f"{CHAPTER}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    next(c for c in nb.cells if cells.is_written(c)).source = "완전히 새로 쓴 답 / a rewritten answer"
    nbformat.write(nb, notebook)
    again = grade_class(submitted, out, jobs=1, limits=LIMITS)
    kim = next(o for o in again.outcomes if o.student == "kim")
    assert (kim.score, kim.awaiting, kim.changed) == (2, {"written_vanishing": 3}, ["written_vanishing"]), kim
    row = _rows(out / "grades.csv")["kim"]
    assert row["score"] == "2" and "changed since it was graded" in row["reason"], row
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:   # formgrader asks for it again
        assert gb.find_grade("written_vanishing", CHAPTER, CHAPTER, "kim").needs_manual_grade
    page = (out / "feedback" / "kim" / CHAPTER / f"{CHAPTER}.html").read_text(encoding="utf-8")
    assert "changed since it was graded" in page and "2.5 / 3" not in page
