"""Command line: ``python -m autograder <command>``."""
import argparse
import os
import signal
import sys
import threading
import time
from pathlib import Path

from . import paths


def _lessons(args) -> int:
    from .course import lessons
    if args.verify:
        stale = lessons.stale_files()
        if stale:
            print("lessons/ 가 solutions/ 와 맞지 않습니다 / lessons/ is stale; run `make lessons`:")
            print("\n".join(f"  {name}" for name in stale))
            return 1
        print("lessons/ 최신 / lessons/ is up to date")
        return 0
    for notebook in lessons.generate(args.chapters or None):
        print(f"생성 / generated {notebook.relative_to(paths.REPO)}")
    return 0


def _self_check(args) -> int:
    import nbformat
    from .course import authoring, self_check
    for chapter in args.chapters:
        path = paths.solution_notebook(chapter)
        nb = self_check.refresh(nbformat.read(path, as_version=4), authoring.HELPERS_SOURCE)
        nbformat.write(nb, path)
        print(f"스스로 확인 셀 / self-check cells: {path.relative_to(paths.REPO)}")
    return 0


def _book(args) -> int:
    from .course import book
    return book.build(clean=args.clean)


def _shard(text: str | None, env=None) -> tuple[int, int] | None:
    """``i/n``; ``auto``: from the batch system's array index (``grading/shard_env.py``); ``all``: no split.
    Without ``--shard``, a Slurm array task or a Kubernetes Indexed Job's pod grades its own shard (``auto``);
    anywhere else, the whole class. ``ShardError`` says what is wrong."""
    from .grading.shard_env import ShardError, from_environment, in_job
    env = os.environ if env is None else env
    if text == "all" or (not text and not in_job(env)):
        return None
    if not text or text == "auto":
        index, count, source = from_environment(env)
        print(f"샤드 / shard {index}/{count} ({source})", file=sys.stderr)
        return index, count
    try:
        index, count = (int(x) for x in text.split("/"))
    except ValueError:
        raise ShardError(f"--shard {text!r}: i/n, auto 또는 all / expected i/n, auto or all") from None
    if not 0 <= index < count:
        raise ShardError("--shard i/n needs 0 <= i < n")
    return index, count


def _collect(args) -> int:
    from .grading.collect import collect
    report = collect(Path(args.inbox), Path(args.to), chapters=args.chapters or None, update=args.update)
    print(report.summary())
    return 0


def _grade(args) -> int:
    from .grading.run import CanaryFailed, grade_class
    from .grading.sandbox import LOST_WITHOUT_BWRAP, Limits, Sandbox
    from .grading.shard_env import ShardError
    from .grading.worker import terminate
    try:
        shard = _shard(args.shard)
    except ShardError as error:
        print(f"오류 / error: {error}", file=sys.stderr)
        return 2
    if args.no_sandbox or not Sandbox.available():
        print(f"경고 / warning: {LOST_WITHOUT_BWRAP}", file=sys.stderr)
    limits = Limits(cell_seconds=args.cell_timeout, notebook_seconds=args.notebook_timeout,
                    memory_mb=args.memory_mb, processes=args.processes)
    started = time.monotonic()
    # A batch system ends a job with SIGTERM (scancel, a time limit, preemption), SIGKILL some seconds later:
    # the clean-up runs in between, and what was cut short is not recorded (worker.terminate).
    main_thread = threading.current_thread() is threading.main_thread()   # only there can a handler be set
    previous = signal.signal(signal.SIGTERM, terminate) if main_thread else None
    try:
        report = grade_class(Path(args.submitted), Path(args.out), chapters=args.chapters or None,
                             jobs=args.jobs, force=args.force, shard=shard, url=args.db,
                             limits=limits, sandbox=not args.no_sandbox, warm=not args.cold_kernels,
                             progress=not args.quiet)
    except CanaryFailed as error:   # the grader is broken: no one was graded
        print(f"오류 / error: {error}", file=sys.stderr)
        return 3
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    print(report.summary())
    print(f"채점 시간 / grading took {time.monotonic() - started:.1f} s")
    print(f"성적 / grades: {report.grades_csv}")
    print(f"피드백 / feedback: {report.feedback_dir}")
    print(f"반 보고서 / class report: {report.report_html}")
    return 0


def _export(args) -> int:
    from .grading import manual, report
    from .grading.outcome import write_grades
    from .grading.store import OutcomeStore, db_url
    out = Path(args.out)
    url = db_url(out, args.db)
    store = OutcomeStore(url)
    outcomes = manual.refresh(store.all(), url)   # written answers graded in formgrader since `grade`
    awaiting = sum(1 for o in outcomes if o.awaiting)
    if awaiting:
        print(f"수동 채점 대기 중인 제출 {awaiting}개 / {awaiting} submission(s) with written answers awaiting "
              "manual grading (formgrader)")
    print(f"성적 / grades: {write_grades(outcomes, out / 'grades.csv')}")
    print(f"반 보고서 / class report: {report.write(outcomes, out / 'report.html')}")
    return 0


def _feedback(args) -> int:
    from .grading import feedback, manual
    from .grading.store import OutcomeStore, db_url
    out = Path(args.out)
    written = 0
    url = db_url(out, args.db)
    for outcome in manual.refresh(OutcomeStore(url).all(), url):
        if args.students and outcome.student not in args.students:
            continue
        autograded = out / "autograded" / outcome.student / outcome.chapter / f"{outcome.chapter}.ipynb"
        feedback.write(out, outcome, autograded if autograded.is_file() else None)
        written += 1
    print(f"피드백 {written}개 / {written} feedback pages: {out / 'feedback'}")
    return 0


def _audit(args) -> int:
    from .course.audit import audit_chapter
    problems = []
    for chapter in args.chapters or paths.chapters():
        found = audit_chapter(chapter)
        print(f"{chapter}: {'OK' if not found else f'{len(found)} problem(s)'}")
        problems += found
    print("\n".join(problems))
    return 1 if problems else 0


def _example_class(args) -> int:
    from .course import example_class
    if args.verify:
        stale = example_class.stale_files()
        if stale:
            print("example class is stale; run `python -m autograder example-class`:\n  " + "\n  ".join(stale))
            return 1
        print("example class 최신 / up to date")
        return 0
    for path in example_class.write(args.chapters or None):
        print(f"생성 / wrote {path.relative_to(paths.REPO)}")
    return 0


def _release(args) -> int:
    from .course import release
    chapters = args.chapters or None
    try:
        if args.verify is not None:   # check a folder, write nothing
            named = args.verify or args.to
            folder = Path(named) if named else None
            if folder is None or not folder.is_dir():
                print("오류 / error: --verify DIR (or --to DIR --verify) needs an existing folder", file=sys.stderr)
                return 2
            findings = release.verify(folder, chapters)
            print(release.report(findings, folder))
            return 1 if findings else 0
        if not args.to:
            print("오류 / error: --to DIR is needed", file=sys.stderr)
            return 2
        done = release.release(Path(args.to), chapters, git=not args.no_git)
    except release.ReleaseError as error:
        print(f"오류 / error: {error}", file=sys.stderr)
        return 2
    print(f"공개한 장 / released: {', '.join(done.chapters)} → {done.path}")
    print(release.report(done.findings, done.path))
    if done.findings:
        print("커밋하지 않았습니다: 올리지 마세요 / not committed: do not push it", file=sys.stderr)
        return 1
    if done.commit:
        print(f"커밋 / commit {done.commit[:12]}: git -C {done.path} push -u origin HEAD")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="autograder",
                                description="딥러닝 기초 과정 도구 / Deep Learning Basics course tools")
    p.add_argument("--course", metavar="DIR",
                   help="the course folder (holding _config.yml and solutions/); default: the nearest such folder "
                        "at or above the current one, else the folder the package was installed from")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("lessons", help="solutions/ → lessons/ (nbgrader generate_assignment)")
    s.add_argument("chapters", nargs="*")
    s.add_argument("--verify", action="store_true", help="fail when lessons/ is stale")
    s.set_defaults(func=_lessons)

    s = sub.add_parser("book", help="build the HTML book into _build/html")
    s.add_argument("--clean", action="store_true")
    s.set_defaults(func=_book)

    s = sub.add_parser("collect", help="hand-ins as sent (<inbox>/<student>/*.ipynb or <student>.zip) → submitted/")
    s.add_argument("inbox", help="folder holding <student>/ folders and/or <student>.zip files")
    s.add_argument("--to", default="submitted", help="nbgrader submitted/ folder to fill (default: submitted)")
    s.add_argument("--chapters", nargs="*")
    s.add_argument("--update", action="store_true",
                   help="replace files that changed since the last collect (the old one is kept as .~N~)")
    s.set_defaults(func=_collect)

    s = sub.add_parser("grade", help="autograde submitted/<student>/<chapter>/<chapter>.ipynb")
    s.add_argument("submitted", help="folder holding <student>/<chapter>/<chapter>.ipynb")
    s.add_argument("--out", default=str(paths.BUILD / "grading"), help="work folder for gradebook, feedback, grades.csv")
    s.add_argument("--chapters", nargs="*")
    s.add_argument("--jobs", type=int, default=None, help="parallel workers (default: number of cores)")
    s.add_argument("--force", action="store_true", help="regrade everything, not only what changed")
    s.add_argument("--shard", help="i/n: grade only the i-th of n deterministic slices of the students; auto: i and n "
                   "from a Slurm array task or a Kubernetes Indexed Job (the default inside one); all: no split")
    s.add_argument("--db", help="gradebook URL, e.g. postgresql://user@host/course (default: <out>/gradebook.db)")
    s.add_argument("--no-sandbox", action="store_true", help="run student code without bubblewrap (unsafe)")
    s.add_argument("--cold-kernels", action="store_true",
                   help="start every kernel from scratch instead of forking it from a warm zygote (slower)")
    s.add_argument("--cell-timeout", type=int, default=120, help="seconds per cell")
    s.add_argument("--notebook-timeout", type=int, default=600, help="seconds per notebook")
    s.add_argument("--memory-mb", type=int, default=4096, help="address space per process")
    s.add_argument("--processes", type=int, default=64, help="processes per sandbox")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=_grade)

    s = sub.add_parser("export", help="grades.csv and the class report from the gradebook (all shards)")
    s.add_argument("--out", default=str(paths.BUILD / "grading"))
    s.add_argument("--db", help="gradebook URL (default: <out>/gradebook.db)")
    s.set_defaults(func=_export)

    s = sub.add_parser("feedback", help="(re)write the feedback pages from the gradebook and the graded notebooks")
    s.add_argument("--out", default=str(paths.BUILD / "grading"))
    s.add_argument("--db", help="gradebook URL (default: <out>/gradebook.db)")
    s.add_argument("--students", nargs="*", help="only these students")
    s.set_defaults(func=_feedback)

    s = sub.add_parser("self-check", help="wrap visible tests as @visible_test functions, write the self-check cell")
    s.add_argument("chapters", nargs="+")
    s.set_defaults(func=_self_check)

    s = sub.add_parser("audit", help="check that hidden tests pass the reference and fail wrong answers")
    s.add_argument("chapters", nargs="*")
    s.set_defaults(func=_audit)

    s = sub.add_parser("release", help="write the students' repository (released chapters only), or --verify one")
    s.add_argument("--to", help="folder to write: new, empty, or an earlier release")
    s.add_argument("--chapters", nargs="+", help="e.g. 01-perceptron,02-backprop (default: course.released)")
    s.add_argument("--verify", nargs="?", const="", metavar="DIR",
                   help="only check DIR (or --to) for anything secret; write nothing")
    s.add_argument("--no-git", action="store_true", help="a plain folder: no git init, no commit")
    s.set_defaults(func=_release)

    s = sub.add_parser("example-class", help="regenerate the bundled example class of submissions")
    s.add_argument("chapters", nargs="*", help="only these chapters (default: all)")
    s.add_argument("--verify", action="store_true")
    s.set_defaults(func=_example_class)
    return p


def _course_root(argv: list[str]) -> Path | None:
    """``--course DIR`` before the command, read before the parser is built: its defaults name course paths."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--course")
    known, _ = pre.parse_known_args(argv)
    return Path(known.course) if known.course else None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = _course_root(argv)
    if root is not None:
        if not paths.is_course(root):
            print(f"오류 / error: {root} 는 과정 폴더가 아닙니다 / is not a course folder "
                  "(no _config.yml and solutions/): give the folder of the course's repository", file=sys.stderr)
            return 2
        paths.use_root(root)
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
