"""The recorded result of grading one submission, and grades.csv."""
import csv
from dataclasses import dataclass, field
from pathlib import Path

GRADED = "graded"            # ran under nbgrader; the score is what its tests awarded
INVALID = "invalid"          # not a gradable notebook: score 0, reason says why
FAILED = "error"             # nbgrader could not grade it: score 0, reason says why
FLAGGED = "flagged"          # graded, score kept, and an answer uses what the exercises do not need: review

COLUMNS = ["student", "chapter", "score", "max_score", "status", "reason"]
# with deadlines in _config.yml (deadlines.py): when it was handed in, how late, the penalty, what is left
LATE_COLUMNS = ["submitted_at", "due", "days_late", "late_penalty", "final_score"]


@dataclass
class Outcome:
    student: str
    chapter: str
    score: float
    max_score: float
    status: str
    reason: str = ""
    per_test: dict[str, tuple[float, float]] = field(default_factory=dict)  # grade id -> (score, max)
    saved: bool = field(default=True, compare=False)    # False: the store could not be written
    # written answers, graded by hand in nbgrader's formgrader: grade id -> (manual score or None, max).
    # Read from nbgrader's gradebook (``manual.refresh``), never stored with the outcome: formgrader
    # writes there, so the gradebook alone knows the current manual scores.
    manual: dict[str, tuple[float | None, float]] = field(default_factory=dict, compare=False)
    blank: list[str] = field(default_factory=list, compare=False)     # written answers left blank: 0, no person
    changed: list[str] = field(default_factory=list, compare=False)   # awaiting again: changed since graded
    comments: dict[str, str] = field(default_factory=dict, compare=False)   # formgrader's, by answer cell id
    # deadlines.Lateness, from nbgrader's gradebook (``deadlines.refresh``); None: the chapter has no deadline
    late: object = field(default=None, compare=False)

    @property
    def final_score(self) -> float:
        return self.score - (self.late.penalty if self.late is not None else 0.0)

    @property
    def awaiting(self) -> dict[str, float]:
        """Written answers not graded by hand yet: grade id -> their points (not in ``score``)."""
        return {name: top for name, (score, top) in self.manual.items() if score is None}

    def awaiting_note(self) -> str:
        if not self.awaiting:
            return ""
        points, names = sum(self.awaiting.values()), ", ".join(sorted(self.awaiting))
        note = f"수동 채점 대기 {points:g}점 ({names}) / awaiting manual grading: {points:g} point(s) ({names})"
        if self.changed:
            again = ", ".join(self.changed)
            note += (f"; {again}: 채점한 뒤 답이 바뀌어 예전 점수를 지움, 다시 채점 필요 / changed since it was graded: "
                     "the old manual score no longer counts, grade it again")
        return note

    def blank_note(self) -> str:
        if not self.blank:
            return ""
        names = ", ".join(self.blank)
        return (f"빈 서술형 답 {names}: 사람 채점 없이 0점 (formgrader에서 점수를 주면 바뀜) / blank written answer "
                f"{names}: 0 points without manual grading (a score given in formgrader overrides it)")

    def row(self) -> dict:
        late_note = self.late.note() if self.late is not None else ""
        reason = "; ".join(r for r in (self.reason, self.awaiting_note(), self.blank_note(), late_note) if r)
        return {"student": self.student, "chapter": self.chapter, "score": f"{self.score:g}",
                "max_score": f"{self.max_score:g}", "status": self.status, "reason": reason}

    def late_row(self) -> dict:
        late = self.late
        when = (lambda moment: moment.isoformat(timespec="minutes") if moment else "")
        return {"submitted_at": when(late.submitted_at) if late else "", "due": when(late.due) if late else "",
                "days_late": f"{late.days}" if late else "", "late_penalty": f"{late.penalty:g}" if late else "",
                "final_score": f"{self.final_score:g}"}


def write_grades(outcomes: list[Outcome], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    late = any(o.late is not None for o in outcomes)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS + (LATE_COLUMNS if late else []))
        writer.writeheader()
        for outcome in sorted(outcomes, key=lambda o: (o.student, o.chapter)):
            writer.writerow({**outcome.row(), **(outcome.late_row() if late else {})})
    return path
