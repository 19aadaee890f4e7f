"""Mechanical audit of a chapter's tests.

For every chapter: the reference passes every visible and hidden test; the unsolved lesson fails
every graded test (visible part and hidden part separately); and for every exercise each kept
wrong answer (``tests/wrong_answers/<chapter>/<solution id>__<mistake>.py``) fails at least one
hidden test of that exercise, while every hidden test is failed by at least one wrong answer; and each
kept independent correct answer (``tests/correct_answers/<chapter>/<solution id>__<formulation>.py``:
another formulation of the same formula, a loop for a vector expression, float32) passes every test of
its exercise.

Every variant runs as the grader runs it (``GRADING_KNOBS``: NBGRADER_EXECUTION set, so the chapters train in
FAST mode, and one BLAS thread), and its hidden tests are decided as graded: in the grader's trusted process,
which reaches the variant's objects only through the data-only channel (``audit_runner``,
docs/trusted-grading.md), after the variant's cells have run. A test is judged where the grade is decided. The
book build runs the reference as students read it (FAST = False).
"""
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import cells, paths
from ..grading.sandbox import GRADING_KNOBS
from ..grading.trusted import lesson_setup
from ..grading.zygote import modules_imported_by

CELL_TIMEOUT = 180


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


def split_cells(solution) -> tuple[list[str], dict[int, tuple[int, int | None]], dict[int, int]]:
    """The notebook as the audit runs it: each graded test cell split into its visible and its hidden part.
    Returns the cells' sources, ``{test cell index: (visible position, hidden position or None)}`` and
    ``{cell index: position}`` of every other cell."""
    sources, where, position_of = [], {}, {}
    for index, cell in enumerate(solution.cells):
        if cell.cell_type != "code":
            continue
        if cells.is_graded_test(cell):
            visible, hidden = cells.split_hidden(cell.source)
            sources.append(visible)
            hidden_at = None
            if hidden.strip():
                sources.append(hidden)
                hidden_at = len(sources) - 1
            where[index] = (len(sources) - (2 if hidden_at is not None else 1), hidden_at)
        else:
            sources.append(cell.source)
            position_of[index] = len(sources) - 1
    return sources, where, position_of


def _branch(variant: Variant, where, position_of, count: int) -> dict:
    replace = {position_of[i]: source for i, source in variant.replaced.items()}
    stop = count - 1
    if variant.stop_after is not None:
        kept = [p for i, p in position_of.items() if i <= variant.stop_after]
        kept += [p for i, pair in where.items() if i <= variant.stop_after for p in pair if p is not None]
        stop = max(kept)
    return {"name": variant.name, "at": min(replace), "replace": {str(k): v for k, v in replace.items()},
            "stop": stop}


def _run_plan(chapter: str, plan: dict) -> dict:
    """Execute a plan in ``audit_runner`` as graded (FAST mode, one BLAS thread; no figure is drawn)."""
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        plan_path, result_path = Path(tmp) / "plan.json", Path(tmp) / "result.json"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        env = {**os.environ, **GRADING_KNOBS, "MPLBACKEND": "agg", "IPYTHONDIR": str(Path(tmp) / "ipython")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(paths.PACKAGE_ROOT), env.get("PYTHONPATH")]))
        done = subprocess.run([sys.executable, "-m", "autograder.course.audit_runner", str(plan_path),
                               str(result_path)], cwd=paths.solution_notebook(chapter).parent, env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
        if done.returncode != 0 or not result_path.exists():
            raise RuntimeError(f"{chapter}: the audit runner failed:\n{done.stderr[-2000:]}")
        return json.loads(result_path.read_text(encoding="utf-8"))


def _outcome(errors: dict, where, count: int) -> Outcome:
    errors = {int(k): v for k, v in errors.items()}
    visible_failed = {i: v in errors for i, (v, _) in where.items() if v < count}
    hidden_failed = {i: h in errors for i, (_, h) in where.items() if h is not None and h < count}
    test_cells = {pos for pair in where.values() for pos in pair if pos is not None}
    other = {i: f"{e[0]}: {e[1]}" for i, e in errors.items() if i not in test_cells}
    return Outcome(visible_failed, hidden_failed, other)


def run_variants(chapter: str, chosen: list[Variant]) -> dict[str, Outcome]:
    """Every variant's outcome. One process runs the reference and forks each other variant where its
    first replaced cell is (``audit_runner``); a variant it could not fork runs from the top on its own."""
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    sources, where, position_of = split_cells(solution)
    branches = {v.name: _branch(v, where, position_of, len(sources)) for v in chosen if v.replaced}
    preload = modules_imported_by([paths.solution_notebook(chapter)])
    # hidden parts are decided in the trusted process, as graded: {position: [test cell, its visible part]}
    hidden = {str(h): [i, sources[v]] for i, (v, h) in where.items() if h is not None}
    common = {"timeout": CELL_TIMEOUT, "preload": preload, "hidden": hidden, "setup": lesson_setup(solution)}
    result = _run_plan(chapter, {"cells": sources, "branches": list(branches.values()), **common})
    outcomes = {}
    for variant in chosen:
        if not variant.replaced:
            outcomes[variant.name] = _outcome(result["spine"], where, len(sources))
            continue
        branch = branches[variant.name]
        errors = result["branches"].get(variant.name, "fresh")
        if errors == "fresh":
            replace = {int(k): v for k, v in branch["replace"].items()}
            cells_run = [replace.get(p, s) for p, s in enumerate(sources[:branch["stop"] + 1])]
            errors = _run_plan(chapter, {"cells": cells_run, "branches": [], **common})["spine"]
        outcomes[variant.name] = _outcome(errors, where, branch["stop"] + 1)
    return outcomes


def run_variant(variant: Variant) -> Outcome:
    """One variant's outcome (the audit runs them all at once: ``run_variants``)."""
    return run_variants(variant.chapter, [variant])[variant.name]


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
    chosen = variants(chapter)
    outcomes = run_variants(chapter, chosen)
    for variant in chosen:
        outcome = outcomes[variant.name]
        found += [f"{chapter}: {p}" for p in problems(variant, outcome)]
        if variant.wrong:
            wrong_outcomes[variant.name] = outcome
    found += [f"{chapter}: {p}" for p in uncovered_hidden_tests(chapter, wrong_outcomes)]
    found += [f"{chapter}: {p}" for p in written_answer_problems(chapter)]
    found += [f"{chapter}: {p}" for p in self_check_problems(chapter)]
    return found


def self_check_problems(chapter: str) -> list[str]:
    """A chapter with a self-check cell (autograder/course/self_check.py) must list every graded test in it
    and write each visible test as its @visible_test function. Chapters not converted yet have none."""
    from . import self_check
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    if not any(self_check.is_self_check(cell) for cell in solution.cells):
        return []
    return self_check.problems(solution)


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
