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


def test_variants_run_together_after_tensorflow_started_judge_as_each_alone(tmp_path, monkeypatch):
    """Once TensorFlow has started, a fork cannot run it, so the variants of one exercise run one after another
    in a process that ran the cells before them once. A variant that changes an array the notebook holds
    (here ``data``, doubled in place) must not change what the next one sees: the correct answer after it
    still passes, as it does alone."""
    _use(monkeypatch, tmp_path)
    chapter = "98-tensorflow"
    solution_nb = authoring.notebook([
        authoring.code("import numpy as np\nimport tensorflow as tf\n\ndata = np.arange(4.0)\n"
                       "started = float(tf.reduce_sum(tf.constant(data)))   # TensorFlow's runtime starts here\n"),
        authoring.solution("ex_total", '''
            def total(x):
                """x의 합 / the sum of x"""
                ### BEGIN SOLUTION
                return float(np.sum(x))
                ### END SOLUTION
            '''),
        authoring.test("test_total", 1, "assert total(np.ones(2)) == 2",
                       "assert total(data) == 6.0\nassert total(data) == 6.0"),
    ], "tensorflow")
    lesson_nb = nbformat.from_dict(nbformat.reads(nbformat.writes(solution_nb), as_version=4))
    lesson_nb.cells[1].source = 'def total(x):\n    """x의 합 / the sum of x"""\n    raise NotImplementedError()'
    for root, nb in ((tmp_path / "solutions", solution_nb), (tmp_path / "lessons", lesson_nb)):
        (root / chapter).mkdir(parents=True)
        nbformat.write(nb, root / chapter / f"{chapter}.ipynb")
    for kind, name, source in (("wrong", "ex_total__doubles_its_input", "def total(x):\n    x *= 2\n    return float(np.sum(x)) / 2\n"),
                               ("wrong", "ex_total__plus_one", "def total(x):\n    return float(np.sum(x)) + 1\n"),
                               ("correct", "ex_total__reduce", "def total(x):\n    return float(np.add.reduce(x))\n")):
        (tmp_path / kind / chapter).mkdir(parents=True, exist_ok=True)
        (tmp_path / kind / chapter / f"{name}.py").write_text(source)
    chosen = audit.variants(chapter)
    together = audit.run_variants(chapter, chosen)
    alone = {v.name: audit.run_variants(chapter, [v])[v.name] for v in chosen if v.replaced}
    assert {name: together[name] for name in alone} == alone
    assert together["correct:ex_total__reduce"].hidden_failed == {2: False}
    assert together["ex_total__doubles_its_input"].hidden_failed == {2: True}
    assert audit.audit_chapter(chapter) == []
