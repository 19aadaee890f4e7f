"""The recorded result of grading one submission, and grades.csv."""
import csv
from dataclasses import dataclass, field
from pathlib import Path

GRADED = "graded"            # ran under nbgrader; the score is what its tests awarded
INVALID = "invalid"          # not a gradable notebook: score 0, reason says why
FAILED = "error"             # nbgrader could not grade it: score 0, reason says why
FLAGGED = "flagged"          # graded, score kept, and an answer uses what the exercises do not need: review

COLUMNS = ["student", "chapter", "score", "max_score", "status", "reason"]


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

    def row(self) -> dict:
        return {"student": self.student, "chapter": self.chapter, "score": f"{self.score:g}",
                "max_score": f"{self.max_score:g}", "status": self.status, "reason": self.reason}


def write_grades(outcomes: list[Outcome], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for outcome in sorted(outcomes, key=lambda o: (o.student, o.chapter)):
            writer.writerow(outcome.row())
    return path
