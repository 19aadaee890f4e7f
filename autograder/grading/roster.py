"""The class roster: a CSV mapping the LMS's names and ids to the course's student ids.

Columns (a header row; ``student_id`` and ``name`` are required, the others optional)::

    student_id,name,email,canvas_id,section
    s2026001,김민준,minjun@example.ac.kr,48213,A

``student_id`` is the course's id (the folder name under ``submitted/``). ``canvas_id`` is the Canvas user id
(the number in Canvas's file names and the ``ID`` column of its gradebook); ``email`` is what Moodle's grading
worksheet and gradebook import use. A name is compared with spaces, punctuation and letter case ignored
(Unicode NFC, so a Korean name typed on a Mac matches one typed on Windows), and only ever decides when exactly
one row carries it: two 김민준 in a class are reported, never guessed.
"""
import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REQUIRED = ("student_id", "name")


class RosterError(ValueError):
    """The roster cannot be used; the message is one bilingual line."""


def name_key(name: str) -> str:
    """``김 민준`` / ``김민준`` / ``Kim, Min-jun`` → a key without spaces, punctuation or case."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFC", name)).casefold()


@dataclass
class Student:
    student_id: str
    name: str
    email: str = ""
    canvas_id: str = ""
    section: str = ""


@dataclass
class Roster:
    students: list[Student] = field(default_factory=list)

    def __post_init__(self):
        self.by_id = {s.student_id: s for s in self.students}
        self.by_canvas = {s.canvas_id: s for s in self.students if s.canvas_id}
        self.by_email = {s.email.casefold(): s for s in self.students if s.email}
        self.by_name: dict[str, list[Student]] = {}
        for s in self.students:
            self.by_name.setdefault(name_key(s.name), []).append(s)

    def named(self, name: str) -> list[Student]:
        return self.by_name.get(name_key(name), [])


def load(path: Path) -> Roster:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RosterError(f"명단 {path} 을 읽을 수 없습니다 / cannot read the roster {path}: "
                          f"{getattr(error, 'strerror', None) or error}; give a UTF-8 CSV file") from None
    reader = csv.DictReader(text.splitlines())
    header = [(h or "").strip() for h in (reader.fieldnames or [])]
    rows = list(reader)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RosterError(f"명단 {path} 에 {', '.join(missing)} 열이 없습니다 / the roster {path} has no "
                          f"{', '.join(missing)} column: the header must name student_id,name[,email,canvas_id,section]")
    students, seen, canvas = [], set(), set()
    for number, row in enumerate(rows, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        student = Student(row["student_id"], unicodedata.normalize("NFC", row["name"]), row.get("email", ""),
                          row.get("canvas_id", ""), row.get("section", ""))
        if not student.student_id or not student.name:
            raise RosterError(f"명단 {path} {number}행: student_id 와 name 이 비었습니다 / the roster {path}, "
                              f"line {number}: student_id and name must not be empty")
        if student.student_id in seen:
            raise RosterError(f"명단 {path} {number}행: student_id {student.student_id} 가 두 번 나옵니다 / the "
                              f"roster {path}, line {number}: student_id {student.student_id} appears twice")
        if student.canvas_id and student.canvas_id in canvas:
            raise RosterError(f"명단 {path} {number}행: canvas_id {student.canvas_id} 가 두 번 나옵니다 / the "
                              f"roster {path}, line {number}: canvas_id {student.canvas_id} appears twice")
        seen.add(student.student_id)
        canvas.add(student.canvas_id)
        students.append(student)
    return Roster(students)
