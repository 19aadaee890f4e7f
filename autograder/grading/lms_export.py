"""Grades back to the LMS: the CSV files Canvas's and Moodle's gradebooks import.

One row per roster student (in the roster's order), one column per chapter, holding the points the student
keeps: autograded points, plus the points given by hand in formgrader, minus the late penalty
(``Outcome.final_score``). A chapter the student did not hand in is left empty (the LMS keeps what it has).

* Canvas (Grades → Import): ``Student, ID, SIS User ID, SIS Login ID, Section`` and one column per chapter,
  the second row ``Points Possible``. ``ID`` is the roster's ``canvas_id``; ``SIS User ID`` the course's
  student id. A column named like an assignment of the Canvas course updates it; another one is created.
* Moodle (Grades → Import → CSV file): ``ID number, Email address, Full name``, one column per chapter and
  one ``<chapter> feedback`` column (lateness, the penalty, points awaiting manual grading) to map to the
  item's feedback; map ``Email address`` (or ``ID number``) to the user field of the same name.
"""
import csv
from pathlib import Path

from .outcome import Outcome
from .roster import Roster

FORMATS = ("canvas", "moodle")


def _score(outcome: Outcome | None) -> str:
    return "" if outcome is None else f"{round(outcome.final_score, 2):g}"


def _feedback(outcome: Outcome | None) -> str:
    if outcome is None:
        return ""
    notes = [outcome.late.note() if outcome.late is not None else "", outcome.awaiting_note(), outcome.blank_note()]
    return "; ".join(n for n in notes if n)


def rows(outcomes: list[Outcome], roster: Roster, lms: str) -> tuple[list[list[str]], list[str]]:
    """The CSV's rows, and the students graded but not in the roster (not exported)."""
    chapters = sorted({o.chapter for o in outcomes})
    by_key = {(o.student, o.chapter): o for o in outcomes}
    outside = sorted({o.student for o in outcomes} - set(roster.by_id))
    maxima = {o.chapter: o.max_score for o in outcomes}
    if lms == "canvas":
        table = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *chapters],
                 ["    Points Possible", "", "", "", "", *(f"{maxima[c]:g}" for c in chapters)]]
        for s in roster.students:
            table.append([s.name, s.canvas_id, s.student_id, "", s.section,
                          *(_score(by_key.get((s.student_id, c))) for c in chapters)])
    else:
        table = [["ID number", "Email address", "Full name",
                  *(x for c in chapters for x in (c, f"{c} feedback"))]]
        for s in roster.students:
            cells = []
            for c in chapters:
                outcome = by_key.get((s.student_id, c))
                cells += [_score(outcome), _feedback(outcome)]
            table.append([s.student_id, s.email, s.name, *cells])
    return table, outside


def write(outcomes: list[Outcome], roster: Roster, lms: str, path: Path) -> tuple[Path, list[str]]:
    table, outside = rows(outcomes, roster, lms)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.writing")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)
    temporary.replace(path)
    return path, outside


def export_command(args, outcomes: list[Outcome], out: Path) -> int:
    """The CLI's ``export --format canvas|moodle --roster …``."""
    import sys

    from .roster import RosterError, load
    if not args.roster:
        print(f"오류 / error: --format {args.format} 에는 --roster 가 필요합니다 / --format {args.format} needs "
              "--roster roster.csv (the LMS's ids of the students)", file=sys.stderr)
        return 2
    try:
        roster = load(Path(args.roster))
    except RosterError as error:
        print(f"오류 / error: {error}", file=sys.stderr)
        return 2
    path, outside = write(outcomes, roster, args.format, Path(args.to) if args.to else out / f"{args.format}_grades.csv")
    if outside:
        print(f"명단에 없어 내보내지 않은 학생 / graded but not in the roster, not exported: {', '.join(outside)}")
    print(f"{args.format} 성적 / grades: {path}")
    return 0
