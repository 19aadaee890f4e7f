"""Due dates, extensions and late penalties, the way nbgrader keeps them.

``_config.yml`` (``course:``) holds a time zone, one due date per chapter, extensions per student and a late
policy::

    time_zone: Asia/Seoul
    deadlines: {01-perceptron: 2026-03-16 23:59}
    extensions: {s2026017: {01-perceptron: {days: 2}}}      # nbgrader's grant_extension arguments
    late_policy: {method: per_day, percent_per_day: 10, max_percent: 50}   # none | zero | per_day

nbgrader does the rest: each chapter's due date is its assignment's ``duedate`` in the gradebook, an extension
is the submission's ``extension``, ``collect`` writes each hand-in's ``timestamp.txt`` as nbgrader's exchange
does, autograde reads it into the submission's ``timestamp``, and nbgrader's ``AssignLatePenalties`` asks the
late-submission plugin (``LatePolicy``, a ``LateSubmissionPlugin``) for the penalty. The penalty is computed
again whenever grades are written (``refresh``), the same way, so that points given by hand in formgrader
after autograding are penalised like the others.
"""
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dateutil.parser
import yaml
from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Enum, Float

from .. import paths

DAY = 86400
# nbgrader's exchange writes "%Y-%m-%d %H:%M:%S.%f %Z" in its configured time zone (UTC by default);
# written in UTC, nbgrader's parse_utc reads it back without guessing a time-zone abbreviation.
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"
EXTENSION_UNITS = ("weeks", "days", "hours", "minutes")


class DeadlineError(ValueError):
    """A setting of _config.yml that cannot be used; the message is one bilingual line."""


class LatePolicy(LateSubmissionPlugin):
    """nbgrader's late-submission plugin with one more method: a percentage of the score per day late
    (a day begun counts as a day), capped."""
    penalty_method = Enum(("none", "zero", "per_day"), default_value="none",
                          help="none: no penalty; zero: the score is lost; per_day: percent_per_day of the score "
                               "for each day begun, at most max_percent").tag(config=True)
    percent_per_day = Float(10.0, help="per_day: percent of the score lost per day late").tag(config=True)
    max_percent = Float(100.0, help="per_day: the most that is lost, in percent of the score").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float):
        if self.penalty_method != "per_day":
            return super().late_submission_penalty(student_id, score, total_seconds_late)
        return score * percent_lost(total_seconds_late, self.percent_per_day, self.max_percent) / 100


def days_late(seconds_late: float) -> int:
    return math.ceil(seconds_late / DAY) if seconds_late > 0 else 0


def percent_lost(seconds_late: float, per_day: float, cap: float) -> float:
    return min(cap, per_day * days_late(seconds_late))


@dataclass
class Settings:
    time_zone: ZoneInfo
    deadlines: dict[str, datetime]                 # chapter -> due date (aware, course time zone)
    extensions: dict[tuple[str, str], timedelta]   # (student, chapter) -> extension
    method: str = "none"
    percent_per_day: float = 10.0
    max_percent: float = 100.0

    @property
    def active(self) -> bool:
        return bool(self.deadlines)

    def due(self, chapter: str, student: str | None = None) -> datetime | None:
        base = self.deadlines.get(chapter)
        if base is None:
            return None
        return base + self.extensions.get((student, chapter), timedelta())

    def describe_policy(self) -> tuple[str, str]:
        if self.method == "zero":
            return "늦으면 0점", "late: score zero"
        if self.method == "per_day":
            return (f"하루 늦을 때마다 {self.percent_per_day:g}% 감점 (최대 {self.max_percent:g}%)",
                    f"{self.percent_per_day:g}% per day late (at most {self.max_percent:g}%)")
        return "감점 없음", "no penalty"


def _error(ko: str, en: str) -> DeadlineError:
    return DeadlineError(f"_config.yml course: {ko} / {en}")


def _time_zone(name) -> ZoneInfo:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise _error(f"time_zone {name!r} 를 모릅니다", f"unknown time_zone {name!r}: use a name such as "
                     "Asia/Seoul") from None


def _due(chapter: str, value, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day, 23, 59, 59)
    else:
        try:
            moment = dateutil.parser.isoparse(str(value).strip().replace(" ", "T", 1))
        except ValueError:
            raise _error(f"deadlines.{chapter}: 날짜 {value!r} 를 읽을 수 없습니다",
                         f"deadlines.{chapter}: cannot read the date {value!r}; write e.g. 2026-03-16 23:59") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _extension(student: str, chapter: str, value) -> timedelta:
    if not isinstance(value, dict) or not value or set(value) - set(EXTENSION_UNITS):
        raise _error(f"extensions.{student}.{chapter}: {{days: 2}} 처럼 쓰세요",
                     f"extensions.{student}.{chapter}: write e.g. {{days: 2}} (weeks, days, hours, minutes)")
    try:
        return timedelta(**{unit: float(amount) for unit, amount in value.items()})
    except (TypeError, ValueError):
        raise _error(f"extensions.{student}.{chapter}: 숫자가 아닙니다", f"extensions.{student}.{chapter}: "
                     "not a number") from None


def settings(config: dict | None = None) -> Settings:
    """The course's deadline settings from ``_config.yml`` (or ``config``, its ``course:`` part)."""
    if config is None:
        path = Path(paths.REPO) / "_config.yml"
        config = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("course") or {}
    zone = _time_zone(config.get("time_zone") or "UTC")
    deadlines = {str(ch): _due(str(ch), when, zone) for ch, when in (config.get("deadlines") or {}).items()}
    extensions = {}
    for student, chapters in (config.get("extensions") or {}).items():
        for chapter, value in (chapters or {}).items():
            if str(chapter) not in deadlines:
                raise _error(f"extensions.{student}.{chapter}: 마감이 없는 장입니다",
                             f"extensions.{student}.{chapter}: that chapter has no deadline")
            extensions[(str(student), str(chapter))] = _extension(student, chapter, value)
    policy = config.get("late_policy") or {}
    method = str(policy.get("method", "none"))
    if method not in ("none", "zero", "per_day"):
        raise _error(f"late_policy.method {method!r} 는 none, zero, per_day 중 하나여야 합니다",
                     f"late_policy.method {method!r}: use none, zero or per_day")
    try:
        per_day, cap = float(policy.get("percent_per_day", 10)), float(policy.get("max_percent", 100))
    except (TypeError, ValueError):
        raise _error("late_policy 의 percent_per_day, max_percent 는 숫자여야 합니다",
                     "late_policy: percent_per_day and max_percent must be numbers") from None
    if not (0 <= per_day <= 100 and 0 <= cap <= 100):
        raise _error("late_policy 의 백분율은 0–100 이어야 합니다", "late_policy: percentages must be 0–100")
    return Settings(zone, deadlines, extensions, method, per_day, cap)


def configure(config, course: Settings | None = None) -> None:
    """Point nbgrader's AssignLatePenalties at ``LatePolicy`` with the course's policy (a traitlets Config)."""
    course = course or settings()
    config.AssignLatePenalties.plugin_class = LatePolicy
    config.LatePolicy.penalty_method = course.method
    config.LatePolicy.percent_per_day = course.percent_per_day
    config.LatePolicy.max_percent = course.max_percent


def timestamp_text(moment: datetime) -> str:
    """``timestamp.txt`` as nbgrader's exchange writes it (in UTC)."""
    return moment.astimezone(timezone.utc).strftime(TIMESTAMP_FORMAT)


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def sync_gradebook(url: str, chapters: list[str], students: list[str], course: Settings | None = None) -> None:
    """Each chapter's due date on nbgrader's assignment, each extension on the student's submission. Only what
    differs is written: several machines may be grading into one PostgreSQL gradebook."""
    from nbgrader.api import Gradebook, MissingEntry
    course = course or settings()
    with Gradebook(url) as gb:
        changed = False
        for chapter in chapters:
            try:
                assignment = gb.find_assignment(chapter)
            except MissingEntry:
                continue
            due = course.deadlines.get(chapter)
            due = _utc_naive(due) if due else None
            if assignment.duedate != due:
                assignment.duedate, changed = due, True
        for student in students:
            for chapter in chapters:
                extension = course.extensions.get((student, chapter))
                try:
                    submission = gb.find_submission(chapter, student)
                except MissingEntry:
                    if extension is None:
                        continue
                    gb.update_or_create_student(student)
                    submission = gb.update_or_create_submission(chapter, student)
                if submission.extension != extension:
                    submission.extension, changed = extension, True
        if changed:
            gb.db.commit()


@dataclass
class Lateness:
    submitted_at: datetime | None      # course time zone; None: no submission time known
    due: datetime | None               # with the student's extension
    seconds_late: float
    penalty: float
    extended: bool = False

    @property
    def days(self) -> int:
        return days_late(self.seconds_late)

    def note(self) -> str:
        if self.submitted_at is None:
            return "제출 시각 모름 / submission time unknown"
        if self.seconds_late <= 0:
            return ""
        return (f"{self.days}일 늦음, 감점 {self.penalty:g}점 / {self.days} day(s) late, "
                f"penalty {self.penalty:g} point(s)")


def refresh(outcomes: list, url: str, course: Settings | None = None) -> list:
    """Each outcome's lateness, its penalty worked out again by the late-submission plugin on the current score
    (manual points included) and stored in the gradebook as nbgrader's AssignLatePenalties stores it."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.preprocessors import AssignLatePenalties
    from traitlets.config import Config
    course = course or settings()
    if not course.active:
        return outcomes
    config = Config()
    configure(config, course)
    assigner = AssignLatePenalties(config=config)
    assigner.init_plugin()
    plugin = assigner.plugin_inst
    sync_gradebook(url, sorted({o.chapter for o in outcomes}), sorted({o.student for o in outcomes}), course)
    with Gradebook(url) as gb:
        for outcome in outcomes:
            if outcome.chapter not in course.deadlines:
                continue
            try:
                submission = gb.find_submission(outcome.chapter, outcome.student)
            except MissingEntry:
                continue
            late = submission.total_seconds_late if submission.timestamp else 0.0
            penalty = 0.0
            if outcome.status in ("graded", "flagged") and late > 0:
                found = plugin.late_submission_penalty(outcome.student, outcome.score, late)
                penalty = 0.0 if found is None else min(max(found, 0.0), outcome.score)   # as nbgrader clamps it
            for notebook in submission.notebooks:
                notebook.late_submission_penalty = penalty if notebook.name == outcome.chapter else None
            stamp = submission.timestamp
            outcome.late = Lateness(
                stamp.replace(tzinfo=timezone.utc).astimezone(course.time_zone) if stamp else None,
                course.due(outcome.chapter, outcome.student), late, penalty,
                (outcome.student, outcome.chapter) in course.extensions)
        gb.db.commit()
    return outcomes
