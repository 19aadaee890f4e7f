"""The canary: before a batch, each chapter's reference solution is graded like a student's hand-in.

A grader that is broken (kernels that cannot start in the sandbox, a Python the sandbox cannot see,
limits too small to import the course's libraries) would otherwise give every student 0 and an
``error``, and record it. So before any student is graded, ``solutions/<chapter>/<chapter>.ipynb``
of every chapter with something to grade goes through the steps a student's hand-in goes through
(``worker.init_worker`` and ``worker._grade``, nbgrader autograde in the same sandbox with the same
limits and the same warm or cold kernels), in the grader's own worker pool, up to ``jobs`` chapters at
once. Unless it scores full marks, ``CanaryFailed`` is raised and nothing is graded.

The canary is a student the gradebook holds only while it is graded: ``__canary__<run>`` (one name per
run, so that shards grading one PostgreSQL gradebook at once do not share it). Afterwards, pass or
fail, its gradebook rows and its folders under ``submitted/``, ``autograded/`` and ``feedback/`` are
removed; it never reaches the store or grades.csv. Student folders named ``__…`` are therefore not
graded (``run.find_submissions`` sets them aside and the summary lists them).

A pass is remembered in ``<out>/canary.json`` for the chapter's digest, the grader version, the
limits, the interpreter, sandbox on/off and warm on/off: a rerun of the same batch does not pay again,
``force`` checks again.
"""
import hashlib
import json
import shutil
import sys
import uuid
import warnings
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from .. import paths
from . import worker
from .outcome import FAILED, GRADED, Outcome
from .sandbox import Sandbox
from .store import OutcomeStore

RESERVED = "__"              # student names starting so belong to the grader
PREFIX = "__canary__"
CACHE = "canary.json"
KEEP = 64                    # passes remembered


class CanaryFailed(RuntimeError):
    """The reference solution of a chapter did not score full marks: the grader itself is broken."""


def _key(chapter: str, chapter_digest: str, settings: worker.Settings) -> str:
    sandboxed = settings.sandbox and Sandbox.available()
    text = json.dumps([chapter, chapter_digest, worker.GRADER_VERSION, repr(settings.limits), sys.executable,
                       sandboxed, settings.warm])
    return hashlib.sha256(text.encode()).hexdigest()


def _passed(out: Path) -> list[str]:
    try:
        return list(json.loads((out / CACHE).read_text(encoding="utf-8"))["passed"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _remember(out: Path, keys: list[str]) -> None:
    passed = [k for k in _passed(out) if k not in keys] + keys
    (out / CACHE).write_text(json.dumps({"passed": passed[-KEEP:]}), encoding="utf-8")


def _grade_one(task: worker.Task) -> Outcome:
    """In a canary worker process: one chapter's reference, nothing recorded."""
    try:
        return worker._grade(task)[0]
    except Exception as error:
        return Outcome(task.student, task.chapter, 0.0, task.max_score, FAILED,
                       f"채점 실패 / grading failed: {type(error).__name__}: {error}"[:300])


def _in_workers(tasks: list[worker.Task], pool: Callable[[int], Executor], jobs: int) -> list[Outcome]:
    """Each task in a worker process like a student's: ``pool(n)`` is the grader's pool of ``n`` workers."""
    outcomes = []
    with pool(max(1, min(jobs, len(tasks)))) as workers:
        for task, future in [(t, workers.submit(_grade_one, t)) for t in tasks]:
            try:
                outcomes.append(future.result())
            except Exception as error:   # the worker died or could not start
                outcomes.append(Outcome(task.student, task.chapter, 0.0, task.max_score, FAILED,
                                        f"채점 프로세스가 죽음 / the grading process died: "
                                        f"{type(error).__name__}: {error}"[:300]))
    return outcomes


def _erase(settings: worker.Settings, student: str, chapters: list[str]) -> None:
    """Every trace of the canary: its gradebook rows and its folders."""
    with Gradebook(settings.url) as gb, warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Object of type <Submitted\w+> not in session")  # as worker.py
        for chapter in chapters:
            try:
                gb.remove_submission(chapter, student)
            except MissingEntry:
                pass
        try:
            gb.remove_student(student)
        except MissingEntry:
            pass
    store = OutcomeStore(settings.url)
    try:
        for chapter in chapters:
            store.set_written(student, chapter, {})
    finally:
        store.dispose()
    for folder in ("submitted", "autograded", "feedback"):
        shutil.rmtree(settings.out / folder / student, ignore_errors=True)


def _describe(outcome: Outcome) -> str:
    tests = ", ".join(f"{name} {score:g}/{top:g}" for name, (score, top) in sorted(outcome.per_test.items()))
    return (f"{outcome.chapter}: {outcome.score:g}/{outcome.max_score:g} ({outcome.status})"
            + (f"; 테스트별 / per test: {tests}" if tests else "")
            + (f"; 원인 / cause: {outcome.reason}" if outcome.reason else ""))


def check(settings: worker.Settings, max_scores: dict[str, float], digests: dict[str, str], *,
          pool: Callable[[int], Executor], jobs: int = 1, force: bool = False) -> None:
    """Grade the reference of each chapter in ``max_scores`` (chapter → its max score; ``digests``: chapter →
    digest of its reference) not known to pass, in ``pool(n)`` (the grader's own worker pool, up to ``jobs``
    workers); raise ``CanaryFailed`` unless each scores full marks."""
    keys = {c: _key(c, digests[c], settings) for c in max_scores}
    passed = set() if force else set(_passed(settings.out))
    chapters = sorted(c for c in max_scores if keys[c] not in passed)
    if not chapters:
        return
    student = f"{PREFIX}{uuid.uuid4().hex[:8]}"
    tasks = [worker.Task(student, c, paths.solution_notebook(c), max_scores[c], "") for c in chapters]
    try:
        with Gradebook(settings.url) as gb:
            gb.update_or_create_student(student)
        outcomes = _in_workers(tasks, pool, jobs)
    finally:
        _erase(settings, student, chapters)
    # full marks of what is graded automatically: written answers wait for a grader, the canary's too
    failed = [o for o in outcomes if not (o.status == GRADED and o.score + sum(o.awaiting.values()) == o.max_score)]
    if failed:
        raise CanaryFailed(
            "채점기 점검 실패: 모범 답안이 만점을 받지 못했습니다. 아무것도 채점·기록하지 않았습니다 / "
            "grader canary failed: the reference solution did not score full marks, so nothing was graded "
            "or recorded:\n" + "\n".join(f"  {_describe(o)}" for o in failed))
    _remember(settings.out, [keys[c] for c in chapters])
