"""Grade a folder of submissions (``<student>/<chapter>/<chapter>.ipynb``) with nbgrader, in parallel.

Steps: register the chapters in the gradebook (nbgrader generate_assignment) → find submissions,
keep this shard's students, skip those whose digest is unchanged (unless ``force``) → grade the
rest in ``jobs`` worker processes (``worker.py``) with a progress bar → grades.csv and the class
report from every outcome in the gradebook. A submission that fails any step gets an outcome with
its reason; the batch always goes on. Before any of that is graded, the canary (``canary.py``) grades
each chapter's reference solution the same way: a grader that cannot give it full marks grades no
one (``CanaryFailed``).
"""
import copy
import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI

from .. import paths
from ..nbgrader_config import course_config
from . import canary, deadlines, feedback, formgrader, manual, report, worker, worker_space
from .canary import CanaryFailed  # noqa: F401  (raised by grade_class)
from .outcome import FAILED, Outcome, write_grades
from .progress import Progress
from .sandbox import Limits
from .store import OutcomeStore, db_url, ensure_course, exclusive
from .zygote import modules_imported_by


@dataclass
class ClassReport:
    outcomes: list[Outcome]       # this run's submissions (graded now or unchanged since last time)
    grades_csv: Path
    feedback_dir: Path
    report_html: Path
    graded_now: int = 0
    skipped: int = 0
    reserved: list[str] = field(default_factory=list)   # folders not graded: names the grader keeps

    def summary(self) -> str:
        lines = [f"{'student':<16}{'chapter':<20}{'score':>8}  status  reason"]
        for o in sorted(self.outcomes, key=lambda o: (o.student, o.chapter)):
            reason = o.row()["reason"]
            lines.append(f"{o.student:<16}{o.chapter:<20}{o.score:>4g}/{o.max_score:<3g}  {o.status:<7} {reason[:90]}")
        lines.append(f"채점 / graded now: {self.graded_now}, 변경 없음 / unchanged: {self.skipped}")
        if self.reserved:
            lines.append(f"채점하지 않은 폴더 ('{canary.RESERVED}'로 시작하는 이름은 채점기 몫) / not graded, names "
                         f"starting with '{canary.RESERVED}' are the grader's: {', '.join(self.reserved)}")
        return "\n".join(lines)


def reserved_folders(submitted: Path) -> list[str]:
    """Folders of ``submitted`` that are not students: names starting with ``__`` are the grader's (the
    canary, see ``canary.py``), so a student folder so named is never graded, only listed in the summary."""
    return sorted(p.name for p in submitted.iterdir() if p.is_dir() and p.name.startswith(canary.RESERVED))


def find_submissions(submitted: Path, chapters: list[str]) -> list[tuple[str, str, Path]]:
    """(student, chapter, notebook path) for every chapter folder a student handed in; folders with a
    reserved name (``reserved_folders``) are not students."""
    found = []
    students = (p for p in submitted.iterdir() if p.is_dir() and not p.name.startswith(canary.RESERVED))
    for student_dir in sorted(students):
        for chapter in chapters:
            folder = student_dir / chapter
            if folder.is_dir():
                found.append((student_dir.name, chapter, folder / f"{chapter}.ipynb"))
    return found


def in_shard(student: str, shard: tuple[int, int] | None) -> bool:
    """Deterministic split of students over ``n`` machines: the same on every machine and every run."""
    if shard is None:
        return True
    index, count = shard
    return int(hashlib.sha256(student.encode()).hexdigest(), 16) % count == index


def register_chapters(out: Path, url: str, chapters: list[str]) -> dict[str, float]:
    """Each chapter's release notebook in ``out/release`` and, unless the gradebook already holds this very source,
    its cells in nbgrader's tables. Another machine (an array task that started later) may be grading already:
    nbgrader would delete and re-create a notebook that has no submission yet, and that deadlocks with the other
    machine's autograde (seen with PostgreSQL). A chapter registered from the same source (``autograder_chapter``)
    is therefore only written to ``out/release`` (nbgrader's ``--no-db``)."""
    config = course_config(out, release=out / "release", submitted=out / "submitted", source=paths.SOLUTIONS)
    config.CourseDirectory.db_url = url
    no_db = copy.deepcopy(config)
    no_db.SaveCells.enabled = False
    no_db.GenerateAssignment.no_database = True
    with exclusive(url):    # several machines may start at once on one PostgreSQL gradebook
        ensure_course(url)
        store = OutcomeStore(url)
        try:
            registered = store.registered()
            with Gradebook(url) as gb:
                known = {a.name for a in gb.assignments}
            for chapter in chapters:
                digest = f"{_chapter_digest(chapter)}:{worker.GRADER_VERSION}"
                same = registered.get(chapter) == digest and chapter in known
                result = NbGraderAPI(config=no_db if same else config).generate_assignment(chapter, force=True,
                                                                                          create=True)
                if not result["success"]:
                    raise RuntimeError(f"{chapter}: cannot register the chapter in the gradebook: "
                                       f"{(result.get('error') or result.get('log') or '').strip()[-500:]}")
                if not same:
                    store.set_registered(chapter, digest)
        finally:
            store.dispose()
        with Gradebook(url) as gb:
            return {chapter: float(gb.find_assignment(chapter).max_score) for chapter in chapters}


def _chapter_digest(chapter: str) -> str:
    return hashlib.sha256(paths.solution_notebook(chapter).read_bytes()).hexdigest()




def _init(settings, counter):
    with counter.get_lock():
        index = counter.value
        counter.value += 1
    worker.init_worker(settings, index)


def _pool(settings, jobs: int) -> ProcessPoolExecutor:
    counter = multiprocessing.get_context("fork").Value("i", 0)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_init, initargs=(settings, counter))


class _Lent:
    """The run's pool lent to the canary: leaving the canary's ``with`` does not shut it down."""

    def __init__(self, pool: ProcessPoolExecutor):
        self.pool = pool

    def __enter__(self) -> ProcessPoolExecutor:
        return self.pool

    def __exit__(self, *exc) -> bool:
        return False


def _grade_in_pools(tasks: list, settings, jobs: int, bar: Progress, pool: ProcessPoolExecutor) -> list[Outcome]:
    """Grade ``tasks`` in ``pool`` (``jobs`` workers, already warm from the canary). A worker that dies (the
    OOM killer, a signal) breaks the whole pool: every submission it had not finished comes back as lost.
    Those are graded again, each in a pool of its own, so that only the submission that kills its worker
    twice is recorded ``error``, with the cause, and no other submission pays for it."""
    outcomes, lost = [], []

    def run(batch, workers):
        with (_Lent(pool) if workers is None else _pool(settings, workers)) as executor:
            try:
                futures = {executor.submit(worker.grade, task): task for task in batch}
            except Exception as error:        # the canary already broke it: each task on its own
                lost.extend((task, error) for task in batch)
                return
            for future in as_completed(futures):
                try:
                    outcomes.append(future.result())
                    bar.update(outcomes[-1].status)
                except Exception as error:    # BrokenProcessPool, or a worker that could not start
                    lost.append((futures[future], error))

    run(tasks, None)
    first_round, lost = lost, []
    for task, _ in first_round:
        run([task], 1)
    if lost:
        store = OutcomeStore(settings.url)
        for task, error in lost:
            outcome = Outcome(task.student, task.chapter, 0.0, task.max_score, FAILED,
                              f"채점 프로세스가 죽음 / the grading process died: {type(error).__name__}: {error}"[:300])
            try:
                worker.reset_gradebook(settings.url, task.chapter, task.student)
            except Exception:
                pass
            outcomes.append(worker.record(store, settings.out, outcome, ""))
            bar.update(outcome.status)
        store.dispose()
    return outcomes


def _check_and_grade(settings, tasks: list, max_scores: dict, chapter_digests: dict, jobs: int, force: bool,
                     progress: bool) -> list[Outcome]:
    """The canary, then every task: this run's outcomes."""
    url, outcomes = settings.url, []
    # one pool for the canary and the hand-ins: its workers' zygotes and trusted processes, warmed by the
    # canary, then serve the students (a pool starts no more workers than it is given work for)
    with _pool(settings, max(1, min(jobs, max(len(tasks), len(settings.preload))))) as pool:
        canary.check(settings, {c: max_scores[c] for c in settings.preload}, chapter_digests,
                     pool=lambda workers: _Lent(pool), jobs=jobs, force=force)
        # nbgrader creates a student on the first autograde: two workers doing so at once for one student
        # collide on the unique key (seen with SQLite), so every student is registered here, once.
        with Gradebook(url) as gb:
            for student in sorted({t.student for t in tasks}):
                gb.update_or_create_student(student)

        bar = Progress(len(tasks), enabled=progress)
        if tasks:   # in workers even for one: a worker that dies must not take the run and its grades with it
            outcomes += _grade_in_pools(tasks, settings, jobs, bar, pool)
    return outcomes


def grade_class(submitted: Path, out: Path, chapters: list[str] | None = None, jobs: int | None = None, *,
                force: bool = False, shard: tuple[int, int] | None = None, url: str | None = None,
                limits: Limits | None = None, sandbox: bool = True, warm: bool = True,
                progress: bool = False) -> ClassReport:
    chapters = chapters or paths.chapters()
    out, submitted = out.resolve(), submitted.resolve()
    out.mkdir(parents=True, exist_ok=True)
    limits = limits or Limits()
    jobs = jobs or os.cpu_count() or 1
    url = db_url(out, url)
    max_scores = register_chapters(out, url, chapters)
    formgrader.write_config(out, url)   # written answers are graded by hand in formgrader, from ``out``
    store = OutcomeStore(url)

    tasks, outcomes, skipped = [], [], 0
    chapter_digests = {c: _chapter_digest(c) for c in chapters}
    for student, chapter, notebook in find_submissions(submitted, chapters):
        if not in_shard(student, shard):
            continue
        digest = worker.digest(notebook, chapter_digests[chapter], limits)
        stamp = notebook.parent / "timestamp.txt"   # a new submission time alone grades it again
        if stamp.is_file():
            digest = hashlib.sha256(f"{digest}|{stamp.read_text(errors='replace').strip()}".encode()).hexdigest()
        if not force and store.digest(student, chapter) == digest:
            outcomes.append(store.get(student, chapter))
            skipped += 1
            continue
        tasks.append(worker.Task(student, chapter, notebook, max_scores[chapter], digest))
    store.dispose()
    tasks.sort(key=lambda task: (task.chapter, task.student))   # chapter by chapter: each worker's warm processes serve many
    deadlines.sync_gradebook(url, chapters, sorted({t.student for t in tasks}))   # due dates and extensions
    preload = {c: tuple(modules_imported_by([paths.solution_notebook(c)])) for c in {t.chapter for t in tasks}}
    settings = worker.Settings(out, url, limits, sandbox, warm, preload, worker_space.run_root())
    try:
        outcomes += _check_and_grade(settings, tasks, max_scores, chapter_digests, jobs, force, progress)
    finally:   # the workers' spaces, those of killed workers too
        worker_space.release_all(settings.space_root)

    store = OutcomeStore(url)
    for outcome in outcomes:    # what the workers could not save, the parent tries once more
        if not outcome.saved:
            try:
                store.put(outcome, "")
            except Exception:
                pass
    everyone = {(o.student, o.chapter): o for o in store.all() if o.chapter in chapters}
    store.dispose()
    everyone.update({(o.student, o.chapter): o for o in outcomes})   # one row per submission found
    everyone = manual.refresh(list(everyone.values()), url)   # manual grades given in formgrader since
    everyone = deadlines.refresh(everyone, url)                # lateness and the late penalty
    graded_now = {(t.student, t.chapter) for t in tasks}
    for outcome in everyone:   # the pages the workers wrote now do not know lateness yet
        if outcome.late is not None and (outcome.student, outcome.chapter) in graded_now:
            autograded = out / "autograded" / outcome.student / outcome.chapter / f"{outcome.chapter}.ipynb"
            feedback.write(out, outcome, autograded if autograded.is_file() else None)
    grades = write_grades(everyone, out / "grades.csv")
    html = report.write(everyone, out / "report.html")
    return ClassReport(outcomes, grades, out / "feedback", html, len(tasks), skipped, reserved_folders(submitted))
