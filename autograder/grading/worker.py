"""Grade one submission, in a worker process: preflight → repair → assemble (the lesson with the
student's answer cells) → answer check → nbgrader autograde (sandboxed execution; the hidden tests in
the trusted process) → outcome in the store → feedback page.

Each worker process keeps one NbGraderAPI, one Sandbox (its own user id), its zygotes (one per
chapter import set, see zygote.py) and its trusted processes (one per chapter, see trusted.py) for
its lifetime.
"""
import atexit
import hashlib
import multiprocessing.util
import re
import shutil
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI

from .. import paths
from . import deadlines, execute, feedback, manual, worker_space
from .own_grades import ObservedAutoGrades
from .answer_check import findings
from .assemble import assemble
from .outcome import FAILED, FLAGGED, GRADED, INVALID, Outcome
from .preflight import check_submission
from .repair import repair
from .sandbox import Limits, Sandbox
from .store import OutcomeStore
from .trusted import TrustedProcess, lesson_setup
from .worker_space import WorkerSpace
from .zygote import Zygote

# nbgrader's remove_submission() touches relationships of objects it has just deleted; SQLAlchemy warns,
# harmlessly, once per removed submission, which buries the grader's own output.
warnings.filterwarnings("ignore", message=r"Object of type <Submitted\w+> not in session")

WARM_TRUSTED = 2
GRADER_VERSION = "7"   # part of every digest: bump to regrade everything after a grader change (6: blank written answers; 7: hidden tests in the trusted process)


@dataclass
class Task:
    student: str
    chapter: str
    notebook: Path
    max_score: float
    digest: str


@dataclass
class Settings:
    out: Path
    url: str
    limits: Limits
    sandbox: bool = True
    warm: bool = True                 # fork kernels from a zygote (zygote.py) where the sandbox allows it
    preload: dict[str, tuple[str, ...]] = field(default_factory=dict)   # chapter → modules its zygote imports
    space_root: Path | None = None    # where the workers make their spaces (worker_space.run_root())


def digest(notebook: Path, chapter_digest: str, limits: Limits) -> str:
    h = hashlib.sha256(f"{GRADER_VERSION}|{chapter_digest}|{limits}".encode())
    h.update(notebook.read_bytes() if notebook.is_file() else b"<missing>")
    return h.hexdigest()


def make_api(settings: Settings) -> NbGraderAPI:
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput

    from ..nbgrader_config import course_config
    out = settings.out
    config = course_config(out, release=out / "release", submitted=out / "submitted", db_path=out / "gradebook.db",
                           cell_timeout=settings.limits.cell_seconds, source=paths.SOLUTIONS)
    config.CourseDirectory.db_url = settings.url
    config.CourseDirectory.autograded_directory = str(out / "autograded")
    config.CourseDirectory.feedback_directory = str(out / "feedback")
    config.Autograde.autograde_preprocessors = [execute.SandboxExecute, IgnorePattern, ClearMetadataPreprocessor,
                                                LimitOutput, ObservedAutoGrades, AssignLatePenalties, CheckCellMetadata]
    config.SandboxExecute.notebook_timeout = settings.limits.notebook_seconds
    config.SandboxExecute.output_limit = settings.limits.output_kb * 1024
    config.SandboxExecute.media_limit = settings.limits.media_kb * 1024
    config.SandboxExecute.shutdown_kernel = "immediate"   # the kernel is thrown away anyway
    deadlines.configure(config)   # AssignLatePenalties asks the course's late policy (deadlines.LatePolicy)
    return NbGraderAPI(config=config)


_state: dict = {}


def init_worker(settings: Settings, worker: int) -> None:
    sandbox = Sandbox(settings.limits, enabled=settings.sandbox, worker=worker)
    trusted_sandbox = sandbox.for_trusted()
    space = WorkerSpace(settings.limits.disk_mb, settings.space_root)   # every folder a kernel may write
    atexit.register(space.release)
    multiprocessing.util.Finalize(space, space.release, exitpriority=5)
    execute.CURRENT.update(sandbox=sandbox, trusted_sandbox=trusted_sandbox, work_dir=str(space.path), zygote=None)
    _state["space"] = space
    _state.update(settings=settings, api=make_api(settings), store=OutcomeStore(settings.url), zygotes={}, trusted={})


def _zygote_for(chapter: str) -> Zygote | None:
    """The worker's zygote for this chapter's imports, started on first use. One per set of imports:
    a zygote holding TensorFlow would give a chapter without it less room under the memory limit."""
    settings, sandbox = _state["settings"], execute.CURRENT["sandbox"]
    if not (settings.warm and sandbox.active):
        return None
    key = settings.preload.get(chapter, ())
    zygotes = _state["zygotes"]
    if key not in zygotes:
        work_dir = Path(execute.CURRENT["work_dir"])
        warm = Zygote(sandbox, work_dir / f"zygote-{len(zygotes)}", list(key), sockets_parent=work_dir)
        atexit.register(warm.stop)   # pool workers leave through multiprocessing's exit, not atexit: both
        multiprocessing.util.Finalize(warm, warm.stop, exitpriority=10)
        zygotes[key] = warm
    return zygotes[key] if zygotes[key].usable else None


def _trusted_for(chapter: str, release) -> TrustedProcess:
    """The worker's trusted process for this chapter (its setup is the released lesson's), kept warm. The
    trusted processes run as a user id of their own: RLIMIT_NPROC counts threads per user id, and TensorFlow's
    thread pools in warm trusted processes beside the student's kernel once left that kernel no thread to
    start (it died mid-grading). At most ``WARM_TRUSTED`` stay warm (tasks come chapter by chapter)."""
    setup = lesson_setup(release)
    processes = _state["trusted"]
    known = processes.pop(chapter, None)
    if known is not None and known.setup != setup:
        known.stop()
        known = None
    while len(processes) >= WARM_TRUSTED:   # the least recently used first (dicts keep insertion order)
        processes.pop(next(iter(processes))).stop()
    if known is None:
        folder = Path(execute.CURRENT["work_dir"]) / f"trusted-{_state.setdefault('trusted_made', 0)}-{chapter}"
        _state["trusted_made"] += 1
        known = TrustedProcess(execute.CURRENT["trusted_sandbox"], folder, setup)
        atexit.register(known.stop)
        multiprocessing.util.Finalize(known, known.stop, exitpriority=10)
    processes[chapter] = known
    return known


def close_worker() -> None:
    for warm in _state.get("zygotes", {}).values():
        warm.stop()
    _state["zygotes"] = {}
    for trusted in _state.get("trusted", {}).values():
        trusted.stop()
    _state["trusted"] = {}
    if "space" in _state:
        _state.pop("space").release()


def reset_gradebook(url: str, chapter: str, student: str) -> None:
    """Zero in the gradebook for a submission that is not autograded (no stale score survives)."""
    with Gradebook(url) as gb:
        gb.update_or_create_student(student)
        try:
            gb.remove_submission(chapter, student)
        except MissingEntry:
            pass
        gb.update_or_create_submission(chapter, student)
    store = OutcomeStore(url)
    try:   # no text is left to compare a later manual score with
        store.set_written(student, chapter, {})
    finally:
        store.dispose()


def _scores(url: str, outcome: Outcome, graded) -> Outcome:
    """``outcome`` with its scores, written answers and comments from the gradebook, once a manual score
    given to a text that has changed since is cleared (manual.py)."""
    store = _state["store"]
    manual.reconcile(url, store, outcome.student, outcome.chapter, graded)
    changed = {gid for (_, _, gid), (_, flag) in store.written(outcome.student, outcome.chapter).items() if flag}
    with Gradebook(url) as gb:
        return manual.read_grades(outcome, gb, changed)


def grade(task: Task) -> Outcome:
    settings, store = _state["settings"], _state["store"]
    try:
        outcome, autograded = _grade(task)
    except Exception as error:  # the batch goes on whatever happens to one submission
        last = traceback.format_exception_only(type(error), error)[-1].strip()
        outcome, autograded = Outcome(task.student, task.chapter, 0.0, task.max_score, FAILED,
                                      f"채점 실패 / grading failed: {last[:300]}"), None
        try:
            reset_gradebook(settings.url, task.chapter, task.student)
        except Exception:
            pass
    return record(store, settings.out, outcome, task.digest, autograded)


_terminating = False


def terminate(signum, frame):
    """SIGTERM handler of ``grade`` (a batch system's scancel, time limit or preemption, SIGKILL following some
    seconds later): raise SystemExit so that the clean-up runs (the workers' tmpfs spaces are unmounted), and
    record nothing from now on. nbgrader's autograde turns any exception, SystemExit too, into a failed result:
    that would be kept as the student's ``error`` outcome, with a digest that makes the next run skip it. What
    was cut short stays ungraded instead, and the next run (the task submitted again) grades it."""
    global _terminating
    _terminating = True
    worker_space.detach_all()   # first: SIGKILL may come before the orderly clean-up runs
    raise SystemExit(128 + signum)


def record(store: OutcomeStore, out: Path, outcome: Outcome, digest: str, autograded: Path | None = None) -> Outcome:
    """Keep ``outcome`` in the store and write its feedback page. A store that cannot be written (a full
    disk, a lost database) leaves the outcome unsaved, marked so: the caller still has it and puts it
    in grades.csv, and the empty digest makes the next run grade the submission again."""
    if _terminating:
        raise SystemExit(143)
    try:
        store.put(outcome, digest)
    except Exception as error:
        outcome.saved = False
        outcome.reason = (f"{outcome.reason}; " if outcome.reason else "") + \
            f"성적부에 저장하지 못함 / not saved in the gradebook: {type(error).__name__}: {error}"[:300]
    try:
        feedback.write(out, outcome, autograded)
    except Exception as error:
        outcome.reason = (f"{outcome.reason}; " if outcome.reason else "") + \
            f"피드백을 쓰지 못함 / feedback page not written: {type(error).__name__}"
    return outcome


def _not_graded(task: Task, status: str, reason: str) -> tuple[Outcome, None]:
    reset_gradebook(_state["settings"].url, task.chapter, task.student)
    return Outcome(task.student, task.chapter, 0.0, task.max_score, status, reason), None


def _cause(result: dict) -> str:
    """The exception behind a failed autograde ("RuntimeError: Kernel died before replying to
    kernel_info"), not nbgrader's closing "Please see the above traceback"."""
    text = f"{result.get('log') or ''}\n{result.get('error') or ''}"
    raised = [m.group(0).strip() for m in re.finditer(r"^\s*[\w.]+(?:Error|Exception|Died)\w*: .*$", text, re.M)
              if "NbGraderException" not in m.group(0)]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return ((raised or lines or ["?"])[-1])[:300]


def _grade(task: Task):
    settings, api = _state["settings"], _state["api"]
    out, student, chapter = settings.out, task.student, task.chapter
    if not task.notebook.is_file():
        return _not_graded(task, INVALID, f"{chapter}.ipynb 가 없습니다 / no {chapter}.ipynb handed in")
    check = check_submission(task.notebook)
    if not check.ok:
        return _not_graded(task, INVALID, check.reason)
    release = nbformat.read(out / "release" / chapter / f"{chapter}.ipynb", as_version=4)
    repaired, notes = repair(nbformat.read(task.notebook, as_version=4), release)
    graded, assembly_notes = assemble(repaired, release)
    notes += assembly_notes
    found = findings(graded, release) if "allowlist" not in execute.defences_off() else []
    staged = out / "submitted" / student / chapter
    if staged.exists():
        shutil.rmtree(staged)
    staged.mkdir(parents=True)
    nbformat.write(graded, staged / f"{chapter}.ipynb")
    stamp = task.notebook.parent / "timestamp.txt"     # when it was handed in (collect): nbgrader reads it
    if stamp.is_file() and not stamp.is_symlink():
        shutil.copyfile(stamp, staged / "timestamp.txt")
    warm = execute.CURRENT["zygote"] = _zygote_for(chapter)
    execute.CURRENT["trusted"] = _trusted_for(chapter, release)
    result = api.autograde(chapter, student, force=True, create=True)
    if _terminating:   # SIGTERM during autograde (which nbgrader turned into a failed result): no retry, no record
        raise SystemExit(143)
    if warm is not None and warm.usable and (not execute.CURRENT.get("kernel_ready") or not warm.alive()):
        # a kernel that never answered kernel_info ran no student code, and none can reach the zygote:
        # the zygote is at fault (seen by the grader, never read from the kernel's text).
        # Ordinary kernels from now on, starting with this submission.
        warm.problem = f"the zygote failed (a kernel died at start, or it died itself): {warm.log}"
        execute.CURRENT["zygote"] = None
        result = api.autograde(chapter, student, force=True, create=True)
    review = "검토 필요 / to review: " + "; ".join(map(str, found)) if found else ""
    reasons = [r for r in [review, check.reason, "; ".join(notes)] if r]
    if not result["success"]:
        return _not_graded(task, FAILED, f"자동 채점 실패 / autograde failed: {_cause(result)}")
    status = FLAGGED if found else GRADED
    outcome = Outcome(student, chapter, 0.0, task.max_score, status, "; ".join(reasons))
    try:
        _scores(settings.url, outcome, graded)
    except MissingEntry:
        return _not_graded(task, FAILED, "채점 결과가 성적부에 없습니다 / no grades recorded in the gradebook")
    autograded = out / "autograded" / student / chapter / f"{chapter}.ipynb"
    return outcome, autograded
