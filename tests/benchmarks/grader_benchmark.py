"""Benchmark: stock ``nbgrader autograde`` vs this course's grader, on one class, same machine, same run.

    .venv/bin/python tests/benchmarks/grader_benchmark.py              # 40 students × every chapter
    .venv/bin/python tests/benchmarks/grader_benchmark.py --quick      # 3 students × 1 chapter (the test)
    .venv/bin/python tests/benchmarks/grader_benchmark.py --students 10 --chapters 01-perceptron 02-backprop

The class is generated like the example class (``autograder/course/example_class.py``): per student and chapter a
complete, a blank, a syntax-broken or a partial hand-in (a seeded random subset of the exercises solved).

- **stock**: the real ``nbgrader`` command with ``autograder/nbgrader_config.py``, as an instructor runs it:
  ``nbgrader generate_assignment <chapter>`` then ``nbgrader autograde <chapter>`` for each chapter, which
  grades the students one at a time (no sandbox, no feedback pages);
- **grader**: ``python -m autograder grade submitted/ --jobs 2`` (sandboxed, with repair, tamper check,
  feedback pages, grades.csv and the class report).

Prints a table (seconds, submissions/s, throughput ratio) and checks that every submission got the same
score from both; exits 1 when a score differs.
"""
import argparse
import copy
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402

from autograder import cells, paths  # noqa: E402
from autograder.course.example_class import _solved  # noqa: E402

PYTHON = sys.executable
NBGRADER = str(Path(PYTHON).parent / "nbgrader")
CONFIG = str(REPO / "autograder" / "nbgrader_config.py")


def hand_in(student_index: int, student: str, chapter: str, lesson, solution) -> str:
    ids = [cells.grade_id(c) for c in solution.cells if cells.is_solution(c)]
    kind = student_index % 5
    if kind == 0:
        nb = _solved(lesson, solution, set(ids))                       # complete
    elif kind == 1:
        nb = copy.deepcopy(lesson)                                      # blank
    elif kind == 2:                                                     # complete, last answer broken
        nb = _solved(lesson, solution, set(ids))
        last = next(c for c in reversed(nb.cells) if cells.is_solution(c))
        last.source += "\n)("
    else:                                                               # partial: a seeded random subset
        rng = random.Random(f"{student}|{chapter}")
        nb = _solved(lesson, solution, {i for i in ids if rng.random() < 0.6})
    return nbformat.writes(nb) + "\n"


def make_class(root: Path, students: int, chapters: list[str]) -> Path:
    submitted = root / "submitted"
    for chapter in chapters:
        lesson = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
        solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
        for i in range(students):
            student = f"student{i:02d}"
            target = submitted / student / chapter / f"{chapter}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(hand_in(i, student, chapter, lesson, solution), encoding="utf-8")
    return submitted


def _run(cmd: list[str], cwd: Path, log: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(PYTHON).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"\n$ {' '.join(cmd)}\n")
        handle.flush()
        result = subprocess.run(cmd, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, env=env)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}; see {log}")


def run_stock(course: Path, chapters: list[str]) -> float:
    """The stock tool, from the course folder: generate_assignment (to register), then autograde."""
    log = course / "stock.log"
    started = time.monotonic()
    for chapter in chapters:
        _run([NBGRADER, "generate_assignment", chapter, f"--NbGrader.config_file={CONFIG}", "--force",
              f"--CourseDirectory.release_directory={course / 'release'}"], course, log)
        _run([NBGRADER, "autograde", chapter, f"--NbGrader.config_file={CONFIG}"], course, log)
    return time.monotonic() - started


def stock_scores(course: Path, chapters: list[str], students: list[str]) -> dict[tuple[str, str], float]:
    from nbgrader.api import Gradebook, MissingEntry
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for chapter in chapters:
            for student in students:
                try:
                    scores[(student, chapter)] = round(float(gb.find_submission(chapter, student).score), 6)
                except MissingEntry:
                    scores[(student, chapter)] = None
    return scores


def run_grader(submitted: Path, out: Path, chapters: list[str], jobs: int, cold: bool = False) -> float:
    log = out.parent / f"grader{'-cold' if cold else ''}.log"
    started = time.monotonic()
    _run([PYTHON, "-m", "autograder", "grade", str(submitted), "--out", str(out), "--jobs", str(jobs), "--quiet",
          *(["--cold-kernels"] if cold else []), "--chapters", *chapters], REPO, log)
    return time.monotonic() - started


def grader_scores(out: Path) -> dict[tuple[str, str], float]:
    import csv
    with open(out / "grades.csv", encoding="utf-8") as handle:
        return {(r["student"], r["chapter"]): round(float(r["score"]), 6) for r in csv.DictReader(handle)}


def table(rows: list[tuple[str, float]], submissions: int) -> str:
    stock = rows[0][1]
    lines = [f"{'':<28}{'seconds':>10}{'subm./s':>10}{'ratio':>8}"]
    for name, seconds in rows:
        lines.append(f"{name:<28}{seconds:>10.1f}{submissions / seconds:>10.3f}{stock / seconds:>7.2f}×")
    return "\n".join(lines)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--students", type=int, default=40)
    p.add_argument("--chapters", nargs="*", help="default: every chapter in solutions/")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--quick", action="store_true", help="3 students × the first chapter")
    p.add_argument("--also-cold", action="store_true",
                   help="also time this grader with --cold-kernels (every kernel started from scratch)")
    p.add_argument("--work", help="work folder (default: a temporary folder, removed afterwards)")
    args = p.parse_args(argv)
    chapters = args.chapters or paths.chapters()
    students = args.students
    if args.quick:
        chapters, students = chapters[:1], 3
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="grader-benchmark-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        course = work / "course"
        submitted = make_class(course, students, chapters)
        names = sorted(p.name for p in submitted.iterdir())
        count = len(names) * len(chapters)
        print(f"{len(names)} students × {len(chapters)} chapters = {count} submissions; {os.cpu_count()} cores",
              flush=True)
        stock = run_stock(course, chapters)
        print(f"stock nbgrader autograde: {stock:.1f} s", flush=True)
        ours = run_grader(submitted, work / "grading", chapters, args.jobs)
        print(f"this grader: {ours:.1f} s", flush=True)
        rows = [("stock nbgrader autograde", stock), (f"this grader (--jobs {args.jobs})", ours)]
        runs = [work / "grading"]
        if args.also_cold:
            cold = run_grader(submitted, work / "grading-cold", chapters, args.jobs, cold=True)
            print(f"this grader, cold kernels: {cold:.1f} s", flush=True)
            rows.append(("  … with --cold-kernels", cold))
            runs.append(work / "grading-cold")
        print()
        print(table(rows, count))
        a = stock_scores(course, chapters, names)
        differ = set()
        for run in runs:
            b = grader_scores(run)
            differ |= {k for k in a if a[k] != b.get(k)}
        differ = sorted(differ)
        print()
        if differ:
            print(f"성적이 다릅니다 / grades differ for {len(differ)} of {count} submissions:")
            for key in differ[:20]:
                print(f"  {key[0]} {key[1]}: stock {a[key]}, grader {b.get(key)}")
            return 1
        print(f"성적 동일 / grades identical: {count} of {count} submissions")
        return 0
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
