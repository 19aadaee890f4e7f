"""``collect --lms canvas|moodle --roster roster.csv``: an LMS download → ``submitted/<student id>/…``.

Each sender the LMS names is looked up in the roster: a Canvas user id by ``canvas_id``, a Moodle participant by
the e-mail its grading worksheet gives, else by name when exactly one roster row has that name. Nothing is
guessed: a sender the roster does not know, a name two roster rows share, and two senders that come to the same
student are reported and not collected; roster students with nothing in the download are listed. The files of
the senders that are known are then placed as ``collect`` places any hand-in (``collect.place``), with the
submission time the LMS gives (``Placed.time_source``). Where Canvas marked a file late (or not) and the
deadline in ``_config.yml`` says otherwise, the report says so.
"""
from dataclasses import dataclass, field
from pathlib import Path

from . import lms_canvas, lms_moodle
from .collect import CollectReport, place
from .lms_files import LmsHandIn
from .roster import Roster, Student

READERS = {"canvas": lms_canvas.read, "moodle": lms_moodle.read}


@dataclass
class LmsReport:
    collected: CollectReport
    unknown: list[str] = field(default_factory=list)      # senders the roster does not know
    ambiguous: list[str] = field(default_factory=list)    # a name several roster rows carry
    duplicates: list[str] = field(default_factory=list)   # several senders for one student
    missing: list[str] = field(default_factory=list)      # roster students with nothing in the download
    by_name: list[str] = field(default_factory=list)      # matched by name alone (no id in the roster)
    disagreements: list[str] = field(default_factory=list)   # the LMS's "late" against the deadline

    def summary(self) -> str:
        lines = [self.collected.summary()]
        sections = [
            ("명단에 없는 제출자 (받지 않음)", "senders not in the roster (not collected)", self.unknown),
            ("명단에서 이름이 겹쳐 누구인지 알 수 없음 (받지 않음)", "names shared by several roster rows (not collected)",
             self.ambiguous),
            ("한 학생에게 제출자가 여럿 (받지 않음)", "several senders for one student (not collected)", self.duplicates),
            ("이름으로만 맞춘 제출자 (명단에 id 없음)", "senders matched by name alone (no id in the roster)",
             self.by_name),
            ("LMS 의 지각 표시와 마감이 다름", "the LMS's late mark disagrees with the deadline", self.disagreements),
        ]
        for ko, en, items in sections:
            if items:
                lines += ["", f"{ko} / {en}:"] + [f"  {item}" for item in items]
        if self.missing:
            lines += ["", f"이 내려받기에 제출물이 없는 학생 {len(self.missing)}명 / {len(self.missing)} roster "
                          "student(s) with nothing in this download:", "  " + ", ".join(self.missing)]
        return "\n".join(lines)


def _who(item: LmsHandIn, lms: str, roster: Roster) -> tuple[Student | None, str, str]:
    """(roster student, how matched, problem) for one sender."""
    label = f"{item.name} ({lms} id {item.key})"
    if lms == "canvas" and roster.by_canvas:
        if item.key in roster.by_canvas:
            return roster.by_canvas[item.key], "id", ""
    if item.email and item.email.casefold() in roster.by_email:
        return roster.by_email[item.email.casefold()], "email", ""
    named = roster.named(item.name)
    if lms == "canvas":
        named = [s for s in named if not s.canvas_id]   # a row with another Canvas id is someone else
    if len(named) == 1:
        return named[0], "name", ""
    if len(named) > 1:
        return None, "", f"ambiguous:{label}: " + ", ".join(s.student_id for s in named)
    return None, "", f"unknown:{label}"


def collect_lms(download: Path, lms: str, roster: Roster, submitted: Path, chapters: list[str] | None = None, *,
                update: bool = False, zone=None, course=None) -> LmsReport:
    from datetime import timezone
    zone = zone or timezone.utc
    items, problems = READERS[lms](Path(download), zone)
    senders: dict[str, list[LmsHandIn]] = {}
    for item in items:
        senders.setdefault(item.key, []).append(item)
    report = LmsReport(CollectReport())
    whose: dict[str, list[tuple[str, list[LmsHandIn]]]] = {}
    for key, files in sorted(senders.items()):
        student, how, problem = _who(files[0], lms, roster)
        if problem:
            kind, text = problem.split(":", 1)
            (report.unknown if kind == "unknown" else report.ambiguous).append(
                f"{text} — " + ", ".join(f.hand_in.source for f in files))
            continue
        if how == "name":
            report.by_name.append(f"{files[0].name} ({lms} id {key}) → {student.student_id}")
        whose.setdefault(student.student_id, []).append((key, files))
    by_student, origin = {}, {}
    for student_id, senders_of in sorted(whose.items()):
        if len(senders_of) > 1:
            report.duplicates.append(f"{student_id}: " + ", ".join(f"{files[0].name} ({lms} id {key})"
                                                                   for key, files in senders_of))
            continue
        for item in senders_of[0][1]:
            item.hand_in.student = student_id
            if item.hand_in.submitted_at:
                item.hand_in.submitted_at = item.hand_in.submitted_at.astimezone(zone)
            by_student.setdefault(student_id, []).append(item.hand_in)
            origin[item.hand_in.source] = item
    for problem in problems:
        problem.student = problem.student or "?"
    report.collected = place(by_student, problems, submitted, chapters, update=update)
    sent = {s for s in whose} | {s.student_id for s in roster.students if s.student_id in by_student}
    report.missing = [f"{s.student_id} ({s.name})" for s in roster.students if s.student_id not in sent]
    if course is not None:
        for placed in report.collected.placed:
            item = origin.get(placed.source)
            due = course.due(placed.chapter, placed.student)
            if item is None or item.late_marked is None or due is None or placed.submitted_at is None:
                continue
            late = placed.submitted_at > due
            if late != item.late_marked:
                report.disagreements.append(
                    f"{placed.student}/{placed.chapter}: {lms} {'late' if item.late_marked else 'on time'}, "
                    f"{placed.submitted_at.astimezone(due.tzinfo).isoformat(timespec='minutes')} vs due "
                    f"{due.isoformat(timespec='minutes')}")
    return report


def collect_lms_command(args, course) -> int:
    """The CLI's ``collect --lms … --roster …``: one bilingual line and status 2 for what cannot be used."""
    import sys

    from .roster import RosterError, load
    if not (args.lms and args.roster):
        print("오류 / error: --lms 와 --roster 는 함께 씁니다 / --lms and --roster go together "
              "(e.g. --lms canvas --roster roster.csv)", file=sys.stderr)
        return 2
    download = Path(args.inbox)
    if not download.exists():
        print(f"오류 / error: {download} 가 없습니다 / {download} does not exist: give the LMS's zip or folder",
              file=sys.stderr)
        return 2
    try:
        roster = load(Path(args.roster))
    except RosterError as error:
        print(f"오류 / error: {error}", file=sys.stderr)
        return 2
    report = collect_lms(download, args.lms, roster, Path(args.to), args.chapters or None, update=args.update,
                         zone=course.time_zone, course=course)
    print(report.summary())
    return 0
