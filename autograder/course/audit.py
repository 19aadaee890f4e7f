"""Mechanical audit of a chapter's tests.

For every chapter: the reference passes every visible and hidden test; the unsolved lesson fails
every graded test (visible part and hidden part separately); and for every exercise each kept
wrong answer (``tests/wrong_answers/<chapter>/<solution id>__<mistake>.py``) fails at least one
hidden test of that exercise, while every hidden test is failed by at least one wrong answer; and each
kept independent correct answer (``tests/correct_answers/<chapter>/<solution id>__<formulation>.py``:
another formulation of the same formula, a loop for a vector expression, float32) passes every test of
its exercise.

Every variant runs as the grader runs it, through the grader's own Execute step (``SandboxExecute``, without
the sandbox): ``GRADING_KNOBS`` (NBGRADER_EXECUTION set, so the chapters train in FAST mode, one BLAS thread),
the visible parts in the kernel and the hidden parts in the trusted process, through the data-only channel. A
test is judged where the grade is decided. The book build runs the reference as students read it (FAST = False).
"""
import copy
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import tempfile

from .. import cells, paths
from ..grading import execute
from ..grading.execute import SandboxExecute
from ..grading.sandbox import Sandbox
from ..grading.trusted import TrustedProcess, lesson_setup


@dataclass
class Variant:
    chapter: str
    name: str             # "reference", "unsolved", "<solution id>__<mistake>" or "correct:<solution id>__<how>"
    replaced: dict[int, str] = field(default_factory=dict)  # solution cell index -> source
    stop_after: int | None = None   # last solution cell to run: a wrong answer is judged by its own tests

    @property
    def correct(self) -> bool:
        return self.name.startswith("correct:")

    @property
    def wrong(self) -> bool:
        return "__" in self.name and not self.correct


@dataclass
class Outcome:
    """Per graded cell of the solution notebook: did its visible / hidden part fail?"""
    visible_failed: dict[int, bool]
    hidden_failed: dict[int, bool]
    other_errors: dict[int, str]   # errors outside the test cells (demo cells)


def wrong_answers(chapter: str, root: Path | None = None) -> dict[str, dict[str, str]]:
    """{solution id: {mistake name: replacement source}} kept as fixtures for a chapter."""
    found: dict[str, dict[str, str]] = {}
    folder = (root or paths.WRONG_ANSWERS) / chapter
    for path in sorted(folder.glob("*__*.py")) if folder.exists() else []:
        solution_id, mistake = path.stem.split("__", 1)
        source = path.read_text(encoding="utf-8")
        if not source.strip():   # an empty fixture is the unsolved lesson again: it proves nothing
            raise ValueError(f"{path.relative_to(paths.REPO)}: empty fixture")
        found.setdefault(solution_id, {})[mistake] = source
    return found


def correct_answers(chapter: str) -> dict[str, dict[str, str]]:
    """{solution id: {formulation: source}}: independent correct answers that must pass every test."""
    return wrong_answers(chapter, paths.CORRECT_ANSWERS)


def variants(chapter: str) -> list[Variant]:
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    lesson = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
    stubs = {cells.grade_id(c): c.source for c in lesson.cells if cells.is_solution(c)}
    exercises = {ex.solution_id: ex for ex in cells.exercises(solution)}
    by_id = {sid: ex.solution_index for sid, ex in exercises.items()}
    result = [Variant(chapter, "reference"),
              Variant(chapter, "unsolved", {i: stubs[sid] for sid, i in by_id.items()})]
    for solution_id, mistakes in wrong_answers(chapter).items():
        if solution_id not in by_id:
            raise ValueError(f"{chapter}: wrong answer for unknown solution cell {solution_id!r}")
        for mistake, source in mistakes.items():
            result.append(Variant(chapter, f"{solution_id}__{mistake}", {by_id[solution_id]: source},
                                  stop_after=max(exercises[solution_id].test_indices)))
    for solution_id, formulations in correct_answers(chapter).items():
        if solution_id not in by_id:
            raise ValueError(f"{chapter}: correct answer for unknown solution cell {solution_id!r}")
        for how, source in formulations.items():
            result.append(Variant(chapter, f"correct:{solution_id}__{how}", {by_id[solution_id]: source},
                                  stop_after=max(exercises[solution_id].test_indices)))
    return result


def run_variant(variant: Variant) -> Outcome:
    """Execute the solution notebook with replaced cells as the grader does; each test cell's visible part
    and hidden part are judged apart."""
    solution = nbformat.read(paths.solution_notebook(variant.chapter), as_version=4)
    nb = copy.deepcopy(solution)
    if variant.stop_after is not None:
        nb.cells = nb.cells[:variant.stop_after + 1]
    for index, source in variant.replaced.items():
        if index < len(nb.cells):
            nb.cells[index].source = source
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    with tempfile.TemporaryDirectory(prefix="audit-") as folder:
        executor = SandboxExecute(timeout=600, notebook_timeout=3600, sandbox=Sandbox(enabled=False), work_dir=folder)
        executor.preprocess(nb, {"metadata": {"path": folder}})
    errors = {i: sum(o.get("output_type") == "error" for o in c.get("outputs", []))
              for i, c in enumerate(nb.cells) if c.cell_type == "code"}
    visible_failed, hidden_failed, other = {}, {}, {}
    for index, cell in enumerate(nb.cells):
        if cells.is_graded_test(cell):
            verdict = executor.hidden_verdicts.get(index)
            hidden_counted = 1 if verdict is not None and not verdict.passed else 0
            visible_failed[index] = errors[index] - hidden_counted > 0
            if cells.split_hidden(cell.source)[1].strip():
                hidden_failed[index] = verdict is None or not verdict.passed
        elif cell.cell_type == "code" and errors[index]:
            first = next(o for o in cell.outputs if o.get("output_type") == "error")
            other[index] = f"{first.get('ename', '')}: {first.get('evalue', '')}"
    return Outcome(visible_failed, hidden_failed, other)


def problems(variant: Variant, outcome: Outcome) -> list[str]:
    """What is wrong with the tests, judged from one variant's outcome ([] when fine)."""
    solution = nbformat.read(paths.solution_notebook(variant.chapter), as_version=4)
    exercises = cells.exercises(solution)
    name = lambda i: cells.grade_id(solution.cells[i])  # noqa: E731
    found = []
    if variant.name == "reference":
        found += [f"reference fails visible test {name(i)}" for i, f in outcome.visible_failed.items() if f]
        found += [f"reference fails hidden test {name(i)}" for i, f in outcome.hidden_failed.items() if f]
        found += [f"reference raises in cell {i}: {e}" for i, e in outcome.other_errors.items()]
    elif variant.name == "unsolved":
        for ex in exercises:
            for i in ex.test_indices:
                visible, _ = cells.split_hidden(solution.cells[i].source)
                if visible.strip() and not outcome.visible_failed[i]:
                    found.append(f"visible test {name(i)} passes on the unsolved lesson")
                if i in outcome.hidden_failed and not outcome.hidden_failed[i]:
                    found.append(f"hidden test {name(i)} passes on the unsolved lesson")
                if i not in outcome.hidden_failed:
                    found.append(f"graded test {name(i)} has no hidden tests")
    elif variant.correct:
        solution_id = variant.name[len("correct:"):].split("__", 1)[0]
        exercise = next(ex for ex in exercises if ex.solution_id == solution_id)
        for i in exercise.test_indices:
            if outcome.visible_failed.get(i):
                found.append(f"correct answer {variant.name[8:]} fails visible test {name(i)}")
            if outcome.hidden_failed.get(i):
                found.append(f"correct answer {variant.name[8:]} fails hidden test {name(i)}")
    else:
        solution_id = variant.name.split("__", 1)[0]
        exercise = next(ex for ex in exercises if ex.solution_id == solution_id)
        if not any(outcome.hidden_failed.get(i) for i in exercise.test_indices):
            found.append(f"wrong answer {variant.name} passes every hidden test of {solution_id}")
    return found


def uncovered_hidden_tests(chapter: str, outcomes: dict[str, Outcome]) -> list[str]:
    """Hidden tests that no kept wrong answer of their exercise makes fail."""
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    found = []
    for ex in cells.exercises(solution):
        mine = {n: o for n, o in outcomes.items() if n.split("__", 1)[0] == ex.solution_id}
        if not mine:
            found.append(f"exercise {ex.solution_id} has no wrong-answer fixture")
            continue
        for i in ex.test_indices:
            if not any(o.hidden_failed.get(i) for o in mine.values()):
                found.append(f"hidden test {cells.grade_id(solution.cells[i])} fails on no wrong answer")
    return found


def audit_chapter(chapter: str) -> list[str]:
    """Every problem found in a chapter's tests ([] when the tests are sound)."""
    found, wrong_outcomes = [], {}
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    with tempfile.TemporaryDirectory(prefix="audit-trusted-") as folder:
        # one warm trusted process for every variant, as a grading worker keeps one per chapter
        trusted = execute.CURRENT["trusted"] = TrustedProcess(Sandbox(enabled=False), Path(folder),
                                                              lesson_setup(solution))
        try:
            for variant in variants(chapter):
                outcome = run_variant(variant)
                found += [f"{chapter}: {p}" for p in problems(variant, outcome)]
                if variant.wrong:
                    wrong_outcomes[variant.name] = outcome
        finally:
            trusted.stop()
            execute.CURRENT.pop("trusted", None)
    found += [f"{chapter}: {p}" for p in uncovered_hidden_tests(chapter, wrong_outcomes)]
    found += [f"{chapter}: {p}" for p in written_answer_problems(chapter)]
    return found


def written_answer_problems(chapter: str) -> list[str]:
    """Written answers (graded by hand, no tests): each needs points and a model answer for the graders."""
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    found = []
    for cell in solution.cells:
        if cells.is_written(cell):
            if cells.points(cell) <= 0:
                found.append(f"written answer {cells.grade_id(cell)} has no points")
            if not cell.source.strip():
                found.append(f"written answer {cells.grade_id(cell)} has no model answer")
    return found
