"""Issue 25 §1–3: manual scores that stay true, and formgrader's comments on the students' pages. Fast: the
gradebook is built with nbgrader's own API and changed as formgrader and autograde change it; nothing is run.

- a written answer whose text changed since it was graded loses its manual score and comment and awaits
  grading again (grades.csv's reason, formgrader's needs-manual-grade mark, the feedback page);
- an unchanged one keeps its score, and formgrader does not ask for it again;
- a blank one gets 0 without a person, unless the instructor gives a score;
- ``export`` names every student and answer still awaiting a manual grade;
- comments typed in formgrader reach the feedback page beside the points of their answer."""
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")   # nbgrader's add_submission

from autograder import cli
from autograder.grading import feedback, manual
from autograder.grading.outcome import Outcome
from autograder.grading.own_grades import observed_grade
from autograder.grading.store import OutcomeStore, db_url

CHAPTER = "99-written"
WRITTEN, TEST, ANSWER = "written_why", "test_double", "ex_double"


def _written_cell(text):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["nbgrader"] = {"solution": True, "grade": True, "locked": False, "points": 3,
                                 "grade_id": WRITTEN, "schema_version": 3}
    return cell


def _graded_nb(text):
    """The notebook as autograded: an answer, its test and the written answer."""
    answer = nbformat.v4.new_code_cell("def double(x):\n    return 2 * x")
    answer.metadata["nbgrader"] = {"solution": True, "grade": False, "locked": False, "grade_id": ANSWER,
                                   "schema_version": 3}
    test = nbformat.v4.new_code_cell("assert double(1) == 2")
    test.metadata["nbgrader"] = {"solution": False, "grade": True, "locked": True, "points": 2, "grade_id": TEST,
                                 "schema_version": 3}
    return nbformat.v4.new_notebook(cells=[answer, test, _written_cell(text)])


@pytest.fixture(scope="session")   # once per worker, however xdist interleaves the group's files
def empty_gradebook(tmp_path_factory):
    """The chapter and kim's and lee's submissions, nothing graded: made once (nbgrader starts a subprocess to
    create a gradebook), copied for each test."""
    folder = tmp_path_factory.mktemp("gradebook")
    url = db_url(folder, None)
    with Gradebook(url) as gb:
        gb.add_assignment(CHAPTER)
        gb.add_notebook(CHAPTER, CHAPTER)
        gb.add_solution_cell(ANSWER, CHAPTER, CHAPTER)
        gb.add_grade_cell(TEST, CHAPTER, CHAPTER, max_score=2, cell_type="code")
        gb.add_grade_cell(WRITTEN, CHAPTER, CHAPTER, max_score=3, cell_type="markdown")
        gb.add_solution_cell(WRITTEN, CHAPTER, CHAPTER)
        for student in ("kim", "lee"):
            gb.update_or_create_student(student)
            gb.add_submission(CHAPTER, student)
    OutcomeStore(url).dispose()   # the grader's own tables too
    return folder / "gradebook.db"


@pytest.fixture
def course(tmp_path, empty_gradebook):
    """A grading folder with its own copy of the gradebook."""
    shutil.copy(empty_gradebook, tmp_path / "gradebook.db")
    url = db_url(tmp_path, None)
    store = OutcomeStore(url)
    yield tmp_path, url, store
    store.dispose()


def _autograde(url, store, student, text):
    """What `grade` does to the gradebook for one submission: nbgrader's autograde (with the course's own
    scoring, ``observed_grade``), then ``manual.reconcile``; the outcome as `grade` records it."""
    nb = _graded_nb(text)
    with Gradebook(url) as gb:
        for cell in nb.cells:
            meta = cell.metadata["nbgrader"]
            if meta.get("grade"):
                grade = gb.find_grade(meta["grade_id"], CHAPTER, CHAPTER, student)
                grade.auto_score, _ = observed_grade(cell)
                grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
        gb.db.commit()
    manual.reconcile(url, store, student, CHAPTER, nb)
    outcome = Outcome(student, CHAPTER, 0, 5, "graded")
    store.put(outcome, f"digest-{student}")
    return manual.refresh([outcome], url)[0]


def _formgrader(url, student, score=None, comments=None):
    """What an instructor's typing in formgrader writes."""
    with Gradebook(url) as gb:
        if score is not None:
            grade = gb.find_grade(WRITTEN, CHAPTER, CHAPTER, student)
            grade.manual_score, grade.needs_manual_grade = score, False
        for cell, text in (comments or {}).items():
            gb.find_comment(cell, CHAPTER, CHAPTER, student).manual_comment = text
        gb.db.commit()


def _needs_manual_grade(url, student):
    with Gradebook(url) as gb:
        return gb.find_grade(WRITTEN, CHAPTER, CHAPTER, student).needs_manual_grade


def test_a_blank_answer_is_zero_without_a_person():
    for text in (manual.TEXT_STUB, "", "  \n"):
        assert observed_grade(_written_cell(text)) == (0.0, 3.0), text
    assert observed_grade(_written_cell("기울기가 사라집니다")) == (None, 3.0)


def test_manual_scores_stay_true_across_resubmissions(course):
    out, url, store = course
    kim = _autograde(url, store, "kim", "첫 답 / first answer")
    assert (kim.score, kim.awaiting) == (2, {WRITTEN: 3}) and _needs_manual_grade(url, "kim")

    _formgrader(url, "kim", 2.5, {WRITTEN: "좋아요, 근거를 더 / good, give a reason", ANSWER: "반복문 대신 벡터로"})
    kim = _autograde(url, store, "kim", "첫 답 / first answer")          # regraded, text unchanged
    assert (kim.score, kim.awaiting, kim.changed) == (4.5, {}, []), kim
    assert not _needs_manual_grade(url, "kim")                          # formgrader does not ask again
    assert kim.comments == {WRITTEN: "좋아요, 근거를 더 / good, give a reason", ANSWER: "반복문 대신 벡터로"}

    kim = _autograde(url, store, "kim", "고친 답 / a rewritten answer")  # resubmitted with another text
    assert (kim.score, kim.awaiting, kim.changed) == (2, {WRITTEN: 3}, [WRITTEN]), kim
    assert _needs_manual_grade(url, "kim")                              # formgrader's mark
    assert WRITTEN not in kim.comments                                  # the comment was about the old text
    reason = kim.row()["reason"]
    assert "awaiting manual grading: 3 point(s) (written_why)" in reason and "changed since it was graded" in reason
    page = feedback.render(kim, None)
    assert "awaiting grading" in page and "changed since it was graded" in page and "2.5" not in page

    _formgrader(url, "kim", 1.0)                                        # graded again: the mark goes
    kim = _autograde(url, store, "kim", "고친 답 / a rewritten answer")
    assert (kim.score, kim.awaiting, kim.changed) == (3, {}, []) and "changed" not in kim.row()["reason"]


def test_a_blank_answer_needs_no_one_unless_the_instructor_overrides(course):
    out, url, store = course
    lee = _autograde(url, store, "lee", manual.TEXT_STUB)
    assert (lee.score, lee.awaiting, lee.blank, lee.manual) == (2, {}, [WRITTEN], {WRITTEN: (0.0, 3.0)})
    assert not _needs_manual_grade(url, "lee")
    assert "blank written answer written_why: 0 points without manual grading" in lee.row()["reason"]
    assert "blank answer" in feedback.render(lee, None)
    _formgrader(url, "lee", 1.0)                                        # the instructor's override counts
    lee = _autograde(url, store, "lee", manual.TEXT_STUB)
    assert (lee.score, lee.blank, lee.manual) == (3, [], {WRITTEN: (1.0, 3.0)})


def test_comments_reach_the_page_beside_their_points(course):
    out, url, store = course
    _autograde(url, store, "kim", "첫 답")
    _formgrader(url, "kim", 2, {WRITTEN: "근거가 좋아요 <b>", ANSWER: "벡터로 쓰면 더 짧아요"})
    kim = _autograde(url, store, "kim", "첫 답")
    page = feedback.render(kim, None)
    written_row = next(r for r in page.split("<tr>") if r.startswith(f"<td>{WRITTEN}</td>"))
    assert "2 / 3" in written_row and "근거가 좋아요 &lt;b&gt;" in written_row
    # the code answer's comment sits beside the points of its exercise's test (lesson order from the notebook)
    nb_path = out / "kim.ipynb"
    nbformat.write(_graded_nb("첫 답"), nb_path)
    page = feedback.render(kim, nb_path)
    test_row = next(r for r in page.split("<tr>") if r.startswith(f"<td>{TEST}</td>"))
    assert "2 / 2" in test_row and "벡터로 쓰면 더 짧아요" in test_row


def test_export_names_everyone_still_awaiting(course, capsys):
    out, url, store = course
    _autograde(url, store, "kim", "첫 답")
    _autograde(url, store, "lee", "다른 답")
    _formgrader(url, "lee", 3)
    _autograde(url, store, "lee", "완전히 고친 답")                      # lee's grade is stale now
    assert cli.main(["export", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 submission(s) with written answers awaiting manual grading" in printed
    assert f"kim {CHAPTER}: {WRITTEN}" in printed
    assert f"lee {CHAPTER}: {WRITTEN}  (채점 뒤 바뀜 / changed since graded: {WRITTEN})" in printed
    rows = (out / "grades.csv").read_text(encoding="utf-8")
    assert "changed since it was graded" in rows


def test_feedback_refuses_to_write_pages_without_the_graded_notebooks(course, capsys):
    """Issue 25 §4: a page made without the graded notebook would lack the answers and the tests' messages."""
    out, url, store = course
    _autograde(url, store, "kim", "첫 답")
    assert cli.main(["feedback", "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "1 graded notebook(s) missing" in error and "kim/99-written" in error and "gather" in error
    assert not (out / "feedback").exists()
    graded = out / "autograded" / "kim" / CHAPTER / f"{CHAPTER}.ipynb"
    graded.parent.mkdir(parents=True)
    nbformat.write(_graded_nb("첫 답"), graded)
    assert cli.main(["feedback", "--out", str(out)]) == 0
    assert "첫 답" in (out / "feedback" / "kim" / CHAPTER / f"{CHAPTER}.html").read_text(encoding="utf-8")
