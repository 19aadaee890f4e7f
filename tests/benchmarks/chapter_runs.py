"""What the chapter benchmarks share: a complete hand-in made from the reference, and its grading time."""
import copy
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import cells, paths


def complete_submission(chapter: str):
    """The lesson with every answer cell filled in from the reference (a student who solved everything)."""
    lesson = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    reference = {cells.grade_id(c): c.source for c in solution.cells if cells.is_solution(c)}
    nb = copy.deepcopy(lesson)
    for cell in nb.cells:
        if cells.is_solution(cell):
            cell.source = reference[cells.grade_id(cell)]
    return nb


def full_marks(outcome) -> bool:
    """Every tested point scored; written answers wait for the instructor."""
    return outcome.score + sum(outcome.awaiting.values()) == outcome.max_score


def grade_twice(chapter: str):
    """Two complete hand-ins graded one after the other into one folder: the first run also grades the
    reference (the grader's canary), the second is the time of one submission. Returns (first s, second s,
    the second's outcome)."""
    from autograder.grading.run import grade_class
    nb = complete_submission(chapter)
    times, outcome = [], None
    with tempfile.TemporaryDirectory() as folder:
        for student in ("benchmark_first", "benchmark_second"):
            submitted = Path(folder) / student / "submitted"
            (submitted / student / chapter).mkdir(parents=True)
            nbformat.write(nb, submitted / student / chapter / f"{chapter}.ipynb")
            start = time.perf_counter()
            report = grade_class(submitted, Path(folder) / "out", chapters=[chapter], jobs=1, progress=False)
            times.append(time.perf_counter() - start)
            outcome = next(o for o in report.outcomes if o.student == student)
    return times[0], times[1], outcome
