"""Command line: ``python -m autograder <command>``."""
import argparse
import os
import signal
import sys
import threading
import time
from pathlib import Path

from . import cli_checks as checks
from . import paths


def _lessons(args) -> int:
    from .course import lessons
    chapters = checks.chapters(args.chapters)
    if args.verify:
        stale = [name for name in lessons.stale_files()
                 if chapters is None or Path(name).parts[0] in chapters]
        if stale:
            print("lessons/ 가 solutions/ 와 맞지 않습니다 / lessons/ is stale; run `make lessons`:")
            print("\n".join(f"  {name}" for name in stale))
            return 1
        print("lessons/ 최신 / lessons/ is up to date")
        return 0
    for notebook in lessons.generate(chapters):
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
    from .grading.deadlines import DeadlineError, settings
    chapters = checks.chapters(args.chapters)
    try:
        course = settings()
    except DeadlineError as error:
        print(f"오류 / error: {error}", file=sys.stderr)
        return 2
    if args.lms or args.roster:
        from .grading.lms_collect import collect_lms_command
        return collect_lms_command(args, course)
    inbox = checks.existing_folder(args.inbox, "학생 폴더나 <학생>.zip 이 든", "<student>/ folders or <student>.zip files")
    if Path(args.to).exists() and not Path(args.to).is_dir():
        raise checks.UsageError(f"--to {args.to}: 폴더가 아니라 파일입니다 / is a file, not a folder")
    report = collect(inbox, Path(args.to), chapters=chapters, update=args.update, zone=course.time_zone)
    print(report.summary())
    return 0


def _deadlines_ok() -> bool:
    """The deadline settings of _config.yml can be used; else one bilingual line on stderr."""
    from .grading.deadlines import DeadlineError, settings
    try:
        settings()
    except DeadlineError as error:
        print(f"오류 / error: {error}", file=sys.stderr)
        return False
    return True


def _grade(args) -> int:
    from .grading.run import CanaryFailed, grade_class
    from .grading.sandbox import LOST_WITHOUT_BWRAP, Limits, Sandbox
    from .grading.shard_env import ShardError
    from .grading.worker import terminate
    submitted = checks.existing_folder(args.submitted, "<학생>/<장>/<장>.ipynb 이 든 (collect --to 의)",
                                       "<student>/<chapter>/<chapter>.ipynb (the folder collect --to filled)")
    chapters = checks.chapters(args.chapters)
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise checks.UsageError(f"--out {args.out}: 폴더가 아니라 파일입니다 / is a file, not a folder")
    if not _deadlines_ok():
        return 2
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
        report = grade_class(submitted, Path(args.out), chapters=chapters,
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
    if not _deadlines_ok():
        return 2
    out = checks.gradebook_folder(args.out, args.db)
    if args.format in ("canvas", "moodle"):
        from .grading import publish
        from .grading.lms_export import export_command
        from .grading.store import db_url
        return export_command(args, publish.current_outcomes(db_url(out, args.db)), out)
    _write_grades(out, args.db)
    return 0


def _write_grades(out: Path, db: str | None) -> None:
    """grades.csv and the class report of ``out``; who still awaits a manual grade."""
    from .grading import publish
    from .grading.store import db_url
    outcomes = publish.grades(out, db_url(out, db))
    awaiting = sorted((o for o in outcomes if o.awaiting), key=lambda o: (o.student, o.chapter))
    if awaiting:
        print(f"수동 채점 대기 중인 제출 {len(awaiting)}개 / {len(awaiting)} submission(s) with written answers "
              "awaiting manual grading (formgrader):")
        for o in awaiting:
            again = f"  (채점 뒤 바뀜 / changed since graded: {', '.join(o.changed)})" if o.changed else ""
            print(f"  {o.student} {o.chapter}: {', '.join(sorted(o.awaiting))}{again}")
    else:
        print("수동 채점 대기 없음 / no written answer awaits manual grading")
    print(f"성적 / grades: {out / 'grades.csv'}")
    print(f"반 보고서 / class report: {out / 'report.html'}")


def _feedback(args) -> int:
    if not _deadlines_ok():
        return 2
    out = checks.gradebook_folder(args.out, args.db)
    _write_feedback(out, args.db, args.students)
    return 0


def _write_feedback(out: Path, db: str | None, students: list[str] | None = None) -> None:
    from .grading import publish
    from .grading.store import db_url
    try:
        written = publish.feedback_pages(out, db_url(out, db), students)
    except publish.MissingGraded as missing:
        raise checks.UsageError(
            f"채점된 노트북 {len(missing.args)}개가 {out / 'autograded'} 에 없어 피드백을 쓰지 않았습니다 / "
            f"{len(missing.args)} graded notebook(s) missing in {out / 'autograded'} (e.g. {', '.join(missing.args[:3])}), "
            "so no feedback page was written: give the folder `grade --out` wrote, or after a sharded run `gather` "
            "the tasks' folders into this one first") from None
    print(f"피드백 {written}개 / {written} feedback pages: {out / 'feedback'}")


def _gather(args) -> int:
    from .grading.gather import GatherError, gather
    from .grading.store import db_url
    db = args.db or os.environ.get("AUTOGRADER_DB_URL")
    try:
        done = gather(Path(args.source), Path(args.into), db_url(Path(args.into), db) if db else None)
    except GatherError as error:
        raise checks.UsageError(str(error)) from None
    print(f"모은 작업 폴더 / gathered task folders: {', '.join(t.name for t in done.tasks)} → {done.into} "
          f"({done.submissions} 제출물 / submissions)")
    if done.conflicts:
        print(f"여러 작업에 있던 제출물은 마지막에 채점한 것을 씀 / found in several tasks, the last graded kept: "
              f"{', '.join(done.conflicts)}")
    _write_grades(done.into, db)
    _write_feedback(done.into, db)
    print(f"formgrader: {Path(sys.executable).parent / 'python'} -m autograder formgrader --out {done.into} --db …")
    return 0


def _formgrader(args) -> int:
    """formgrader for a grading folder: its configuration (re)written, then JupyterLab serving it."""
    from .grading import formgrader
    from .grading.store import db_url
    db = args.db or os.environ.get("AUTOGRADER_DB_URL")
    out = checks.gradebook_folder(args.out, db)
    if not out.is_dir():
        raise checks.UsageError(f"{out}: 폴더가 없습니다 / no such folder; `grade --out` 이나 `gather --into` 가 쓴 채점 "
                                "폴더를 주세요 / give the grading folder `grade --out` or `gather --into` wrote")
    if db:
        os.environ["AUTOGRADER_DB_URL"] = db   # read by the configuration when JupyterLab starts
    url = db_url(out, db)
    config = formgrader.write_config(out, url, checks.chapters(args.chapters))
    command, env = formgrader.lab_command(out, args.port, browser=not args.no_browser)
    print(f"formgrader 설정 / configuration: {config}")
    print(f"장 / chapters listed: {', '.join(sorted(p.name for p in (out / 'source').iterdir()))}")
    if not formgrader.mathjax_source().is_dir():
        print("경고 / warning: MathJax 가 없어 수식이 그대로 보입니다; `make setup` (npm ci in book/) 으로 설치하세요 / MathJax "
              "is not installed, formulas show as LaTeX: install it with `make setup` (npm ci in book/)", file=sys.stderr)
    if args.no_start:
        print("시작하려면 / to start it: " + " ".join(command))
        return 0
    print("JupyterLab: 메뉴 Nbgrader → Formgrader / menu Nbgrader → Formgrader (Ctrl+C 로 끝냄 / to stop)")
    sys.stdout.flush()
    os.chdir(out)
    os.execve(command[0], command, env)


def _similarity(args) -> int:
    from .grading import similarity, similarity_html
    submitted = checks.existing_folder(args.submitted, "<학생>/<장>/<장>.ipynb 이 든 (collect --to 의)",
                                       "<student>/<chapter>/<chapter>.ipynb (the folder collect --to filled)")
    for chapter in checks.chapters(args.chapters) or paths.chapters():
        report = similarity.chapter_report(submitted, chapter)
        index = similarity_html.write(report, Path(args.out) / chapter)
        print(f"{chapter}: 살펴볼 쌍 {len(report.flagged)}개 / {len(report.flagged)} pair(s) to look at: {index}")
        for pair in report.flagged:
            print(f"  {pair.exercise}: {pair.first} ↔ {pair.second} {100 * pair.similarity:.0f}% ({pair.tokens})")
    return 0


def _audit(args) -> int:
    from .course.audit import audit_chapter
    problems = []
    for chapter in checks.chapters(args.chapters) or paths.chapters():
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
    for path in example_class.write(checks.chapters(args.chapters)):
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
    chapters_help = ("chapter ids separated by spaces, e.g. 01-perceptron 02-backprop (or their numbers: 01 02); "
                     "default: every chapter of solutions/")

    s = sub.add_parser("lessons", help="solutions/ → lessons/ (nbgrader generate_assignment)")
    s.add_argument("chapters", nargs="*", metavar="CHAPTER", help=chapters_help)
    s.add_argument("--verify", action="store_true",
                   help="write nothing; exit 1 when lessons/ (of the chapters named) is stale")
    s.set_defaults(func=_lessons)

    s = sub.add_parser("book", help="build the HTML book into _build/html")
    s.add_argument("--clean", action="store_true", help="remove the previous build first (default: incremental)")
    s.set_defaults(func=_book)

    s = sub.add_parser("collect", help="hand-ins as sent (<inbox>/<student>/*.ipynb or <student>.zip) → submitted/")
    s.add_argument("inbox", help="existing folder holding <student>/ folders and/or <student>.zip files")
    s.add_argument("--to", default="submitted", metavar="DIR",
                   help="nbgrader submitted/ folder to fill, created if needed (default: %(default)s)")
    s.add_argument("--chapters", nargs="+", metavar="CHAPTER", help=chapters_help)
    s.add_argument("--update", action="store_true",
                   help="replace files that changed since the last collect (the old one is kept as .~N~); "
                        "default: keep them and report them")
    s.add_argument("--lms", choices=["canvas", "moodle"],
                   help="the inbox is an LMS download: Canvas's submissions zip or Moodle's folder (or zip)")
    s.add_argument("--roster", help="CSV mapping LMS names and ids to student ids (student_id,name,email,canvas_id)")
    s.set_defaults(func=_collect)

    s = sub.add_parser("grade", help="autograde submitted/<student>/<chapter>/<chapter>.ipynb")
    s.add_argument("submitted", help="existing folder holding <student>/<chapter>/<chapter>.ipynb (collect --to)")
    s.add_argument("--out", default=str(paths.BUILD / "grading"), metavar="DIR",
                   help="grading folder for the gradebook, grades.csv, feedback/ and report.html; give your own "
                        "(default: %(default)s, where `make` grades the example class)")
    s.add_argument("--chapters", nargs="+", metavar="CHAPTER", help=chapters_help)
    s.add_argument("--jobs", type=int, default=None, metavar="N", help="parallel workers (default: number of cores)")
    s.add_argument("--force", action="store_true",
                   help="regrade everything (default: only submissions that changed since the last run)")
    s.add_argument("--shard", metavar="i/n|auto|all",
                   help="i/n (e.g. 0/4): grade only the i-th of n deterministic slices of the students; auto: i "
                        "and n from a Slurm array task or a Kubernetes Indexed Job (the default inside one); all: "
                        "no split (the default elsewhere)")
    s.add_argument("--db", metavar="URL",
                   help="gradebook URL, e.g. postgresql://user@host/course (default: <out>/gradebook.db)")
    s.add_argument("--no-sandbox", action="store_true", help="run student code without bubblewrap (unsafe)")
    s.add_argument("--cold-kernels", action="store_true",
                   help="start every kernel from scratch instead of forking it from a warm zygote (slower)")
    s.add_argument("--cell-timeout", type=int, default=120, metavar="S", help="seconds per cell (default: %(default)s)")
    s.add_argument("--notebook-timeout", type=int, default=600, metavar="S",
                   help="seconds per notebook (default: %(default)s)")
    s.add_argument("--memory-mb", type=int, default=4096, metavar="MB",
                   help="address space per process, in MB (default: %(default)s)")
    s.add_argument("--processes", type=int, default=64, metavar="N",
                   help="processes per sandbox (default: %(default)s)")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=_grade)

    s = sub.add_parser("export", help="grades.csv and the class report from the gradebook (all shards)")
    s.add_argument("--out", default=str(paths.BUILD / "grading"), metavar="DIR",
                   help="the grading folder `grade --out` wrote (or `gather --into`); grades.csv and report.html "
                        "are written there (default: %(default)s)")
    s.add_argument("--db", metavar="URL", help="gradebook URL (default: <out>/gradebook.db)")
    s.add_argument("--format", choices=["course", "canvas", "moodle"], default="course",
                   help="course: grades.csv and report.html; canvas, moodle: the CSV that LMS's gradebook imports "
                        "(needs --roster) (default: %(default)s)")
    s.add_argument("--roster", help="CSV mapping student ids to LMS ids and e-mails (student_id,name,email,canvas_id)")
    s.add_argument("--to", help="file to write (default: <out>/<format>_grades.csv)")
    s.set_defaults(func=_export)

    s = sub.add_parser("feedback", help="(re)write the feedback pages from the gradebook and the graded notebooks")
    s.add_argument("--out", default=str(paths.BUILD / "grading"), metavar="DIR",
                   help="the grading folder `grade --out` wrote (or `gather --into`), holding autograded/; pages "
                        "go to <out>/feedback/ (default: %(default)s)")
    s.add_argument("--db", metavar="URL", help="gradebook URL (default: <out>/gradebook.db)")
    s.add_argument("--students", nargs="+", metavar="STUDENT", help="only these students (default: everyone)")
    s.set_defaults(func=_feedback)

    s = sub.add_parser("gather", help="a sharded run's task-<i>/ folders → one grading folder for the whole class "
                                      "(formgrader, grades.csv, report, feedback)")
    s.add_argument("source", help="existing folder holding the task-<i>/ folders that `grade --out` wrote")
    s.add_argument("--into", required=True, metavar="DIR",
                   help="the class's grading folder to write, e.g. grading/class (created if needed)")
    s.add_argument("--db", metavar="URL",
                   help="the gradebook every task wrote, e.g. postgresql://grader@db/course "
                        "(default: the AUTOGRADER_DB_URL environment variable)")
    s.set_defaults(func=_gather)

    s = sub.add_parser("formgrader", help="grade written answers by hand: JupyterLab with nbgrader's formgrader on a "
                                          "grading folder (offline: MathJax served locally, no exchange)")
    s.add_argument("--out", default=str(paths.BUILD / "grading"), metavar="DIR",
                   help="the grading folder `grade --out` (or `gather --into`) wrote (default: %(default)s)")
    s.add_argument("--db", metavar="URL", help="gradebook URL, e.g. postgresql://grader@db/course (default: "
                                              "<out>/gradebook.db, or the AUTOGRADER_DB_URL environment variable)")
    s.add_argument("--chapters", nargs="+", metavar="CHAPTER",
                   help="chapters formgrader lists, separated by spaces, e.g. 01-perceptron 02-backprop (default: "
                        "course.released of _config.yml)")
    s.add_argument("--port", type=int, metavar="N", help="JupyterLab's port (default: JupyterLab's, 8888 or the next free)")
    s.add_argument("--no-browser", action="store_true", help="do not open a browser (default: open one)")
    s.add_argument("--no-start", action="store_true",
                   help="only write the configuration and print the command that starts JupyterLab")
    s.set_defaults(func=_formgrader)

    s = sub.add_parser("similarity", help="answers that are unusually alike, per chapter and exercise (HTML)")
    s.add_argument("submitted", help="existing folder holding <student>/<chapter>/<chapter>.ipynb")
    s.add_argument("--out", default=str(paths.BUILD / "similarity"), metavar="DIR",
                   help="folder for the pages, one per chapter (default: %(default)s)")
    s.add_argument("--chapters", nargs="+", metavar="CHAPTER", help=chapters_help)
    s.set_defaults(func=_similarity)

    s = sub.add_parser("self-check", help="wrap visible tests as @visible_test functions, write the self-check cell")
    s.add_argument("chapters", nargs="+", metavar="CHAPTER", help=chapters_help)
    s.set_defaults(func=_self_check)

    s = sub.add_parser("audit", help="check that hidden tests pass the reference and fail wrong answers")
    s.add_argument("chapters", nargs="*", metavar="CHAPTER", help=chapters_help)
    s.set_defaults(func=_audit)

    s = sub.add_parser("release", help="write the students' repository (released chapters only), or --verify one")
    s.add_argument("--to", metavar="DIR", help="folder to write: new, empty, or an earlier release")
    s.add_argument("--chapters", nargs="+", metavar="CHAPTER",
                   help="e.g. 01-perceptron 02-backprop, separated by spaces (default: course.released of "
                        "_config.yml)")
    s.add_argument("--verify", nargs="?", const="", metavar="DIR",
                   help="only check DIR (or --to) for anything secret; write nothing")
    s.add_argument("--no-git", action="store_true", help="a plain folder: no git init, no commit")
    s.set_defaults(func=_release)

    s = sub.add_parser("example-class", help="regenerate the bundled example class of submissions")
    s.add_argument("chapters", nargs="*", metavar="CHAPTER", help=chapters_help)
    s.add_argument("--verify", action="store_true", help="write nothing; exit 1 when the example class is stale")
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
    try:
        return args.func(args)
    except checks.UsageError as error:   # checked before anything is written
        print(f"오류 / error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
