"""The audit itself must be able to fail: a synthetic chapter with weak tests is reported."""
import textwrap

import nbformat

from autograder import paths
from autograder.course import audit, authoring


def _chapter(tmp_path, hidden: str, wrong_answer: str):
    chapter = "99-synthetic"
    solution_nb = authoring.notebook([
        authoring.solution("ex_double", '''
            def double(x):
                """x의 두 배 / twice x"""
                ### BEGIN SOLUTION
                return 2 * x
                ### END SOLUTION
            '''),
        authoring.test("test_double", 1, "assert double(1) == 2", hidden),
    ], "synthetic")
    lesson_nb = nbformat.from_dict(nbformat.reads(nbformat.writes(solution_nb), as_version=4))
    lesson_nb.cells[0].source = 'def double(x):\n    """x의 두 배 / twice x"""\n    raise NotImplementedError()'
    lesson_nb.cells[1].source = "assert double(1) == 2"
    for root, nb in ((tmp_path / "solutions", solution_nb), (tmp_path / "lessons", lesson_nb)):
        (root / chapter).mkdir(parents=True)
        nbformat.write(nb, root / chapter / f"{chapter}.ipynb")
    (tmp_path / "wrong" / chapter).mkdir(parents=True)
    (tmp_path / "wrong" / chapter / "ex_double__plus_one.py").write_text(textwrap.dedent(wrong_answer))
    return chapter


def _use(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "SOLUTIONS", tmp_path / "solutions")
    monkeypatch.setattr(paths, "LESSONS", tmp_path / "lessons")
    monkeypatch.setattr(paths, "WRONG_ANSWERS", tmp_path / "wrong")
    monkeypatch.setattr(paths, "CORRECT_ANSWERS", tmp_path / "correct")


def test_reports_a_wrong_answer_that_passes_and_a_hidden_test_that_cannot_fail(tmp_path, monkeypatch):
    _use(monkeypatch, tmp_path)
    # the hidden test checks only double(1), so the wrong answer "x + 1" slips through
    chapter = _chapter(tmp_path, "assert double(1) == 2", "def double(x):\n    return x + 1\n")
    found = audit.audit_chapter(chapter)
    assert any("passes every hidden test" in p for p in found), found
    assert any("fails on no wrong answer" in p for p in found), found


def test_accepts_sound_tests(tmp_path, monkeypatch):
    _use(monkeypatch, tmp_path)
    chapter = _chapter(tmp_path, "assert double(5) == 10 and double(-2) == -4",
                       "def double(x):\n    return x + 1\n")
    assert audit.audit_chapter(chapter) == []


def test_reports_a_test_that_rejects_an_independent_correct_answer(tmp_path, monkeypatch):
    _use(monkeypatch, tmp_path)
    # the hidden test wants an int: the correct float answer x * 2.0 is rejected
    chapter = _chapter(tmp_path, "assert double(5) == 10 and type(double(3)) is int",
                       "def double(x):\n    return x + 1\n")
    (tmp_path / "correct" / chapter).mkdir(parents=True)
    (tmp_path / "correct" / chapter / "ex_double__float.py").write_text("def double(x):\n    return x * 2.0\n")
    assert audit.audit_chapter(chapter) == ["99-synthetic: correct answer ex_double__float fails hidden test test_double"]
    (tmp_path / "correct" / chapter / "ex_double__float.py").write_text("def double(x):\n    return x + x\n")
    assert audit.audit_chapter(chapter) == []


def test_judges_the_tests_as_the_grader_runs_them(tmp_path, monkeypatch):
    _use(monkeypatch, tmp_path)
    # a hidden test that checks only when not graded (FAST mode skips it): when graded, nothing can fail it;
    # the audit runs as the grader does (NBGRADER_EXECUTION set, one BLAS thread), so it must see that
    hidden = ('import os\nif not os.environ.get("NBGRADER_EXECUTION"):\n'
              '    assert os.environ.get("OPENBLAS_NUM_THREADS") != "1" and double(5) == 10')
    chapter = _chapter(tmp_path, hidden, "def double(x):\n    return x + 1\n")
    found = audit.audit_chapter(chapter)
    assert any("passes every hidden test" in p for p in found), found
    assert any("hidden test test_double passes on the unsolved lesson" in p for p in found), found
