"""Command line: ``python -m autograder <command>``."""
import argparse
import sys
import time
from pathlib import Path

from . import paths


def _lessons(args) -> int:
    from . import lessons
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


def _book(args) -> int:
    from . import book
    return book.build(clean=args.clean)


def _grade(args) -> int:
    from .grading.run import grade_class
    started = time.monotonic()
    report = grade_class(Path(args.submitted), Path(args.out), chapters=args.chapters or None,
                         jobs=args.jobs)
    print(report.summary())
    print(f"채점 시간 / grading took {time.monotonic() - started:.1f} s")
    print(f"성적 / grades: {report.grades_csv}")
    print(f"피드백 / feedback: {report.feedback_dir}")
    return 0


def _audit(args) -> int:
    from .audit import audit_chapter
    problems = []
    for chapter in args.chapters or paths.chapters():
        found = audit_chapter(chapter)
        print(f"{chapter}: {'OK' if not found else f'{len(found)} problem(s)'}")
        problems += found
    print("\n".join(problems))
    return 1 if problems else 0


def _example_class(args) -> int:
    from . import example_class
    if args.verify:
        stale = example_class.stale_files()
        if stale:
            print("example class is stale; run `python -m autograder example-class`:\n  " + "\n  ".join(stale))
            return 1
        print("example class 최신 / up to date")
        return 0
    for path in example_class.write():
        print(f"생성 / wrote {path.relative_to(paths.REPO)}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m autograder",
                                description="딥러닝 기초 과정 도구 / Deep Learning Basics course tools")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("lessons", help="solutions/ → lessons/ (nbgrader generate_assignment)")
    s.add_argument("chapters", nargs="*")
    s.add_argument("--verify", action="store_true", help="fail when lessons/ is stale")
    s.set_defaults(func=_lessons)

    s = sub.add_parser("book", help="build the HTML book into _build/html")
    s.add_argument("--clean", action="store_true")
    s.set_defaults(func=_book)

    s = sub.add_parser("grade", help="autograde submitted/<student>/<chapter>/<chapter>.ipynb")
    s.add_argument("submitted", help="folder holding <student>/<chapter>/<chapter>.ipynb")
    s.add_argument("--out", default=str(paths.BUILD / "grading"), help="work folder for gradebook, feedback, grades.csv")
    s.add_argument("--chapters", nargs="*")
    s.add_argument("--jobs", type=int, default=1)
    s.set_defaults(func=_grade)

    s = sub.add_parser("audit", help="check that hidden tests pass the reference and fail wrong answers")
    s.add_argument("chapters", nargs="*")
    s.set_defaults(func=_audit)

    s = sub.add_parser("example-class", help="regenerate the bundled example class of submissions")
    s.add_argument("--verify", action="store_true")
    s.set_defaults(func=_example_class)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
