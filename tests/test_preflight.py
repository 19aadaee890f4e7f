import json

import nbformat

from autograder.grading.feedback_filter import HIDDEN_NOTE, HideHiddenTests
from autograder.grading.preflight import check_submission


def test_text_file_is_not_a_notebook(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text("hello")
    result = check_submission(path)
    assert not result.ok and "not a notebook" in result.reason


def test_binary_file_is_not_a_notebook(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    assert not check_submission(path).ok


def test_json_that_is_not_a_notebook(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps({"cells": "nope"}))
    result = check_submission(path)
    assert not result.ok and "not a valid notebook" in result.reason


def test_syntax_error_is_reported_but_gradable(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell("%matplotlib inline\ndef f(:\n  pass")])
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    result = check_submission(path)
    assert result.ok and "cell 2" in result.reason and "SyntaxError" in result.reason


def test_magics_are_not_syntax_errors(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("!pip list\n%time x = 1")])
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    assert check_submission(path).reason == ""


def test_feedback_filter_hides_hidden_tests_and_their_tracebacks():
    cell = nbformat.v4.new_code_cell("assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(_secret) == 3\n### END HIDDEN TESTS")
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "t", "points": 1}
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="boom",
                                           traceback=["----> 3 assert f(_secret) == 3"])]
    cell, _ = HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert "_secret" not in cell.source and HIDDEN_NOTE in cell.source
    assert cell.outputs[0]["traceback"] == ["AssertionError: boom"]


def test_a_cell_of_shell_lines_is_read_without_ipython_transforms(tmp_path, monkeypatch):
    """Issue 10, slow transform: 490 ``!true`` lines took IPython's TransformerManager six minutes (its
    cost grows with the square of the lines). The grader reads cells without it; checked by counting
    calls, not by timing."""
    from IPython.core.inputtransformer2 import TransformerManager

    from autograder import paths
    from autograder.cells import is_solution
    from autograder.grading import answer_check

    calls = []
    monkeypatch.setattr(TransformerManager, "transform_cell", lambda self, cell: calls.append(cell) or cell)
    monkeypatch.setattr(TransformerManager, "check_complete", lambda self, cell: calls.append(cell) or ("complete", None))
    slow = "\n".join("!true " + "x" * 122 for _ in range(490))
    release = nbformat.read(paths.lesson_notebook("01-perceptron"), as_version=4)
    nb = nbformat.read(paths.lesson_notebook("01-perceptron"), as_version=4)
    answer = next(c for c in nb.cells if c.cell_type == "code" and is_solution(c))
    answer.source = slow + "\n" + answer.source
    nb.cells.append(nbformat.v4.new_code_cell(slow))
    path = tmp_path / "01-perceptron.ipynb"
    nbformat.write(nb, path)
    assert check_submission(path).ok
    assert any(f.construct for f in answer_check.findings(nb, release))   # the shell lines are flagged
    assert calls == []
