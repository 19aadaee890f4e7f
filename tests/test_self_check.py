"""Visible tests that point at the mistake, and the lessons' self-check (issue 27), run as a student runs
them: in a bare virtual environment with only NumPy, Matplotlib, ipykernel (and the Korean font package
the lessons' first cell installs), no nbgrader, no course package."""
import ast
import fcntl
import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from autograder import cells, paths
from autograder.course import authoring, release, self_check

BARE = paths.BUILD / "bare-venv"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
HANGUL = re.compile("[가-힣]")
CONVERTED = [c for c in paths.chapters()
             if any(self_check.is_self_check(cell)
                    for cell in nbformat.read(paths.solution_notebook(c), as_version=4).cells)]


def _pins(*names):
    pins = release.course_pins()
    return [pins[name] for name in names]


@pytest.fixture(scope="session")   # once per worker, however xdist interleaves the group's files
def bare_kernel(tmp_path_factory):
    """A kernelspec for a venv made with ``python -m venv`` and the students' three packages only."""
    python = BARE / "bin" / "python"
    BARE.parent.mkdir(parents=True, exist_ok=True)
    with open(BARE.parent / "bare-venv.lock", "w") as lock:   # the other worker waits for a complete venv
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (BARE / "complete").exists():
            shutil.rmtree(BARE, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(BARE)], check=True)
            done = subprocess.run([str(python), "-m", "pip", "install", "-q",
                                   *_pins("numpy", "matplotlib", "ipykernel", "koreanize-matplotlib")],
                                  capture_output=True, text=True)
            assert done.returncode == 0, f"could not make the bare venv: {done.stderr[-300:]}"
            (BARE / "complete").touch()
    probe = subprocess.run([str(python), "-c", "import nbgrader"], capture_output=True)
    assert probe.returncode != 0   # truly bare: the instructors' tools are not there
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "bare"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "bare", "language": "python"}))
    return root


def _answers(chapter):
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    marks = {cells.BEGIN_SOLUTION, cells.END_SOLUTION}
    return {cells.grade_id(c): "\n".join(line for line in c.source.split("\n") if line.strip() not in marks)
            for c in solution.cells if cells.is_solution(c) and c.cell_type == "code"}


def _run(lesson, jupyter_path, monkeypatch):
    """Run every cell as "Run All" would if it went on after errors; {grade id: output text}."""
    from nbclient import NotebookClient
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    NotebookClient(lesson, kernel_name="bare", allow_errors=True, timeout=600,
                   resources={"metadata": {"path": str(paths.LESSONS)}}).execute()
    shown = {}
    for cell in lesson.cells:
        if cell.cell_type != "code" or not cells.grade_id(cell):
            continue
        texts = []
        for output in cell.outputs:
            if output.output_type == "error":
                texts += [ANSI.sub("", line) for line in output.traceback]
            elif output.output_type == "stream":
                texts.append(output.text.rstrip("\n"))
            elif "text/plain" in output.get("data", {}):
                texts.append(output.data["text/plain"])
        shown[cells.grade_id(cell)] = "\n".join(texts)
    return shown


def _lesson(chapter, answers):
    lesson = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
    for cell in lesson.cells:
        if cells.is_solution(cell) and cells.grade_id(cell) in answers:
            cell.source = answers[cells.grade_id(cell)]
    return lesson


def _rows(table: str) -> list[str]:
    """The status of each row of the self-check's text table: ✓ or ✗ and the exercise."""
    return [line.split(" — ")[0] for line in table.split("\n") if line[:1] in "✓✗"]


CHAPTER = "01-perceptron"
EXERCISES = ["연습 1 / exercise 1 · step_function", "연습 2 / exercise 2 · perceptron",
             "연습 3 / exercise 3 · GATE_PARAMS (gate_and)", "연습 3 / exercise 3 · GATE_PARAMS (gate_nand)",
             "연습 3 / exercise 3 · GATE_PARAMS (gate_or)", "연습 4 / exercise 4 · xor_gate",
             "연습 5 / exercise 5 · perceptron_update", "연습 6 / exercise 6 · train_perceptron"]


def test_self_check_on_a_blank_a_partial_and_a_complete_lesson(bare_kernel, monkeypatch):
    answers = _answers(CHAPTER)
    blank = _run(_lesson(CHAPTER, {}), bare_kernel, monkeypatch)
    assert _rows(blank["self_check"]) == [f"✗ {e}" for e in EXERCISES]
    assert "연습 1을 아직 작성하지 않았습니다 (`step_function`)." in blank["self_check"]
    assert "exercise 1's `step_function` is not written yet." in blank["self_check"]
    assert "visible tests: 0 / 12" in blank["self_check"]
    # a stub fails its own test in two short lines: no traceback, no helper frames
    assert blank["test_step_function"].split("\n") == [
        "✗ 연습 1을 아직 작성하지 않았습니다 (`step_function`).", "✗ exercise 1's `step_function` is not written yet."]

    partial = _run(_lesson(CHAPTER, {k: answers[k] for k in ("ex_step_function", "ex_perceptron")}),
                   bare_kernel, monkeypatch)
    assert _rows(partial["self_check"]) == [f"✓ {e}" for e in EXERCISES[:2]] + [f"✗ {e}" for e in EXERCISES[2:]]
    assert "visible tests: 3 / 12" in partial["self_check"]

    complete = _run(_lesson(CHAPTER, answers), bare_kernel, monkeypatch)
    assert _rows(complete["self_check"]) == [f"✓ {e}" for e in EXERCISES]
    assert "visible tests: 12 / 12" in complete["self_check"]
    assert all(complete[c] == "" for c in complete if c.startswith("test_"))   # passing tests say nothing


def test_a_later_test_names_the_earlier_exercise_at_fault(bare_kernel, monkeypatch):
    """Issue 27's student: ``step_function`` with ``>=`` and ``perceptron_update`` without ``lr``."""
    answers = _answers(CHAPTER)
    answers["ex_step_function"] = "def step_function(a):\n    return np.where(np.asarray(a) >= 0, 1, 0)\n"
    answers["ex_perceptron_update"] = answers["ex_perceptron_update"].replace("lr * ", "")
    shown = _run(_lesson(CHAPTER, answers), bare_kernel, monkeypatch)
    assert shown["test_perceptron_update"].split("\n") == [
        "✗ 연습 1이 아직 맞지 않습니다 (`step_function`). 먼저 고치세요.",
        "✗ exercise 1's `step_function` is not right yet: fix it first."]
    # the first exercise's own failure: one line per language, values as a person writes them
    assert shown["test_step_function"].split("\n") == [
        "✗ step_function([0]) (0은 0): [0] 이어야 하는데 [1] 입니다",
        "✗ step_function([0]) (0 maps to 0): expected [0], got [1]"]
    assert "Traceback" not in "\n".join(shown.values()) and "check_close" not in "\n".join(shown.values())


def test_an_error_in_the_students_code_is_short_and_points_at_the_line(bare_kernel, monkeypatch):
    answers = _answers(CHAPTER)
    answers["ex_step_function"] = "def step_function(a):\n    return 1 if a > 0 else 0\n"   # one number only
    shown = _run(_lesson(CHAPTER, answers), bare_kernel, monkeypatch)
    lines = shown["test_step_function"].split("\n")
    assert len(lines) == 3, lines
    assert lines[0].startswith("✗ 연습 1의 `step_function` 를 시험하다 오류가 났습니다. ValueError")
    assert lines[1].startswith("✗ testing exercise 1's `step_function` raised ValueError")
    assert lines[2].strip() == "↳ step_function: return 1 if a > 0 else 0"


@pytest.mark.parametrize("chapter", CONVERTED)
def test_self_check_lists_every_graded_test(chapter):
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    assert self_check.problems(solution) == []
    helpers = [c.source for c in solution.cells if cells.grade_id(c) == "test_helpers"]
    assert helpers == [authoring.HELPERS_SOURCE]


def test_converted_chapters_are_those_of_this_issue():
    assert set(CONVERTED) == set(paths.chapters())


def test_helpers_need_nothing_but_numpy_and_the_standard_library():
    imported = set(re.findall(r"^\s*(?:import|from) (\w+)", authoring.HELPERS_SOURCE, re.M))
    assert imported <= {"numpy", "re", "traceback", "os", "html"}, imported


def test_self_check_stays_out_of_the_book_and_off_while_grading():
    from autograder.course import book_pages
    page = book_pages.page(CHAPTER)
    call = [c for c in page.cells if c.cell_type == "code" and "self_check({" in c.source]
    assert len(call) == 1 and call[0].outputs == []
    assert 'os.environ.get("NBGRADER_EXECUTION")' in authoring.HELPERS_SOURCE


def test_students_requirements_have_no_instructor_tools():
    packages = [line for line in release.students_requirements(CONVERTED).split("\n")
                if line and not line.startswith("#")]
    assert packages and not any("nbgrader" in line.lower() for line in packages)


def test_wrap_keeps_a_visible_parts_functions_where_the_hidden_part_can_call_them():
    visible = "def _reference(x):\n    return 2 * x\n\n_y = _reference(3)\ncheck(_y == 6, 'ko', 'en')"
    wrapped = self_check.wrap(visible, "test_double", 2, "double", (1,))
    assert wrapped.startswith("def _reference(x):\n    return 2 * x\n\n\n@visible_test(2, 'double', uses=(1,))\n"
                              "def test_double():\n    _y = _reference(3)\n")
    namespace = {"visible_test": lambda *a, **k: (lambda f: f), "check": lambda *a: None}
    exec(wrapped, namespace)
    assert namespace["_reference"](4) == 8


def test_wrap_moves_a_helper_the_hidden_part_does_not_call_inside_the_test():
    """Chapter 10's fake train_fn appends to the test's ``_calls``: at top level it would not see it."""
    visible = ("_calls = []\ndef _fake(x):\n    _calls.append(x)\n    return x\n\n_fake(1)\n"
               "check(_calls == [1], 'ko', 'en')")
    wrapped = self_check.wrap(visible, "test_fake", 6, "random_search", (), hidden_uses={"np"})
    assert wrapped.startswith("@visible_test(6, 'random_search')\ndef test_fake():\n    _calls = []\n    def _fake(x):")
    failures = []
    namespace = {"visible_test": lambda *a, **k: (lambda f: f()),
                 "check": lambda ok, ko, en: ok or failures.append(en)}
    exec(wrapped, namespace)
    assert failures == []


def _messages(chapter):
    """(test, Korean line, English line) of every check and check_close in the visible tests, the label split
    as the helpers split it; f-strings as written."""
    namespace = {}
    exec(authoring.HELPERS_SOURCE, namespace)
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    for cell in solution.cells:
        if not cells.is_graded_test(cell):
            continue
        visible, _ = cells.split_hidden(cell.source)
        for node in ast.walk(ast.parse(visible)):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("check", "check_close")):
                continue
            if node.func.id == "check":
                yield cells.grade_id(cell), ast.unparse(node.args[1]), ast.unparse(node.args[2])
                continue
            label = node.args[2] if len(node.args) > 2 else next(k.value for k in node.keywords if k.arg == "what")
            try:
                ko, en = namespace["_check_labels"](ast.literal_eval(label))
            except ValueError:   # a label computed at run time
                ko = en = ast.unparse(label)
            yield cells.grade_id(cell), ko, en


@pytest.mark.parametrize("chapter", CONVERTED)
def test_each_language_has_its_own_line(chapter):
    """Issue 27: the Korean line does not carry the English label ("모양 / shape ...") and the English line has
    no Korean (a label split in the wrong place, e.g. "backward(1): 같은 마스크 / 0.75 / the same mask / 0.75")."""
    assert [(test, ko, en) for test, ko, en in _messages(chapter) if _mixed(ko, en)] == []


def _mixed(ko, en):
    return bool(HANGUL.search(en) or re.search(r"[가-힣] / [A-Za-z]", ko))


def test_mixed_lines_are_found():
    """The labels last session found awkward, as they were, and two that read well."""
    namespace = {}
    exec(authoring.HELPERS_SOURCE, namespace)
    split = namespace["_check_labels"]
    assert _mixed(*split("backward(1): 같은 마스크 / 0.75 / the same mask / 0.75"))
    assert _mixed(*split("Affine.forward, (1, 1, 2, 2) 입력 / input")) is False   # splits, but loses the subject:
    assert split("Affine.forward, (1, 1, 2, 2) 입력 / input")[1] == "input"       # hence a (ko, en) pair in ch11
    assert _mixed("dx 모양 / shape (1, 1)", "dx: expected shape (1, 1, 4, 4), got (1, 1)")
    assert not _mixed(*split(("Affine.forward, 모양 (1, 1, 2, 2)의 입력", "Affine.forward, an input of shape (1, 1, 2, 2)")))
    assert not _mixed(*split("SoftmaxWithLoss.forward: 손실 / loss"))


def _failures_in_process(chapter, last_grade_id, replace):
    """Run the reference's code cells up to ``last_grade_id`` in this process (visible parts of the tests only),
    with ``replace`` = (grade id, old, new) planted in an answer; {test: its two lines} for those that failed."""
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    namespace, failed = {}, {}
    for cell in solution.cells:
        if cell.cell_type != "code":
            continue
        source = cells.split_hidden(cell.source)[0] if cells.is_graded_test(cell) else cell.source
        if cells.grade_id(cell) == replace[0]:
            assert replace[1] in source
            source = source.replace(replace[1], replace[2], 1)
        try:
            exec(compile(source, cells.grade_id(cell) or "cell", "exec"), namespace)
        except AssertionError as error:   # TestFailed
            failed[cells.grade_id(cell)] = str(error).split("\n")
        if cells.grade_id(cell) == last_grade_id:
            return failed
    raise AssertionError(f"no cell {last_grade_id}")


def test_chapter_09_network_tests_name_the_layer_exercise_at_fault():
    """An Affine that forgets the bias: its own test says what is wrong, the network's tests send the student
    back to exercise 1 instead of reporting the network's wrong loss."""
    failed = _failures_in_process("09-nn-from-scratch", "test_network_numerical_gradient",
                                  ("ex_layers", "return np.dot(self.x, self.W) + self.b", "return np.dot(self.x, self.W)"))
    assert failed["test_layers_affine"] == ["Affine.forward([[1, 2, 3]]): [[2.1, 5.8]] 이어야 하는데 [[2, 6]] 입니다",
                                            "Affine.forward([[1, 2, 3]]): expected [[2.1, 5.8]], got [[2, 6]]"]
    assert failed["test_network_predict_loss"] == ["연습 1이 아직 맞지 않습니다 (`Affine`). 먼저 고치세요.",
                                                   "exercise 1's `Affine` is not right yet: fix it first."]
