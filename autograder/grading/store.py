"""Where outcomes are kept: one table next to nbgrader's own, in the same database (SQLite file or
PostgreSQL URL), so that several workers or machines can share it.

A row holds the outcome of one (student, chapter) and the digest of what was graded (submission,
chapter source, grader settings): a rerun skips rows whose digest has not changed.
"""
import contextlib
import json
from pathlib import Path

from sqlalchemy import Boolean, Column, Float, MetaData, String, Table, Text, create_engine, delete, select, text

from .outcome import Outcome

_meta = MetaData()
OUTCOMES = Table(
    "autograder_outcome", _meta,
    Column("student", String(128), primary_key=True),
    Column("chapter", String(128), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("max_score", Float, nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("per_test", Text, nullable=False),
)

# Which source each chapter was registered from (nbgrader generate_assignment): a machine that finds its own
# source already registered does not write nbgrader's tables again (``run.register_chapters``).
CHAPTERS = Table(
    "autograder_chapter", _meta,
    Column("chapter", String(128), primary_key=True),
    Column("digest", String(128), nullable=False),
)

# The text of each written answer when it was last autograded (a digest), so that a manual score given to one
# text is never kept for another (``manual.reconcile``); ``changed``: its manual score was cleared for that reason
# and no new one has been given since.
WRITTEN = Table(
    "autograder_written", _meta,
    Column("student", String(128), primary_key=True),
    Column("chapter", String(128), primary_key=True),
    Column("grade_id", String(128), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("changed", Boolean, nullable=False, default=False),
)


def db_url(out: Path, url: str | None) -> str:
    """The gradebook URL: PostgreSQL when given, else ``<out>/gradebook.db`` (waiting on locks).

    A plain ``postgresql://`` URL gets the driver the course pins (psycopg2): SQLAlchemy 2.1 would
    otherwise look for psycopg 3."""
    if url:
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg2://" + url[len(prefix):]
        return url
    return f"sqlite:///{Path(out).resolve() / 'gradebook.db'}?timeout=120"


@contextlib.contextmanager
def exclusive(url: str, key: int = 0x4E424752):
    """Hold the gradebook's setup lock (a PostgreSQL advisory lock; SQLite locks the file itself), so that
    machines starting at the same time do not create nbgrader's tables or register chapters twice."""
    if not url.startswith("postgresql"):
        yield
        return
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()
    finally:
        engine.dispose()


def ensure_course(url: str) -> None:
    """nbgrader's tables, and its course row with the empty id its commands use: PostgreSQL enforces the
    assignment → course foreign key that SQLite does not, and nbgrader never creates the '' course."""
    from nbgrader.api import Course, Gradebook
    with Gradebook(url) as gb:
        if gb.db.query(Course).filter(Course.id == "").first() is None:
            gb.db.add(Course(id=""))
            gb.db.commit()


class OutcomeStore:
    def __init__(self, url: str):
        self.engine = create_engine(url, future=True, pool_pre_ping=True)
        _meta.create_all(self.engine, checkfirst=True)

    def digest(self, student: str, chapter: str) -> str | None:
        with self.engine.connect() as c:
            row = c.execute(select(OUTCOMES.c.digest).where(OUTCOMES.c.student == student,
                                                            OUTCOMES.c.chapter == chapter)).first()
        return row[0] if row else None

    def put(self, outcome: Outcome, digest: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(OUTCOMES).where(OUTCOMES.c.student == outcome.student,
                                             OUTCOMES.c.chapter == outcome.chapter))
            c.execute(OUTCOMES.insert().values(
                student=outcome.student, chapter=outcome.chapter, digest=digest, score=outcome.score,
                max_score=outcome.max_score, status=outcome.status, reason=outcome.reason,
                per_test=json.dumps(outcome.per_test)))

    def get(self, student: str, chapter: str) -> Outcome | None:
        return next((o for o in self.all() if o.student == student and o.chapter == chapter), None)

    def all(self) -> list[Outcome]:
        with self.engine.connect() as c:
            rows = c.execute(select(OUTCOMES)).mappings().all()
        return [Outcome(r["student"], r["chapter"], r["score"], r["max_score"], r["status"], r["reason"],
                        {k: tuple(v) for k, v in json.loads(r["per_test"]).items()}) for r in rows]

    def registered(self) -> dict[str, str]:
        with self.engine.connect() as c:
            return {r[0]: r[1] for r in c.execute(select(CHAPTERS.c.chapter, CHAPTERS.c.digest))}

    def set_registered(self, chapter: str, digest: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(CHAPTERS).where(CHAPTERS.c.chapter == chapter))
            c.execute(CHAPTERS.insert().values(chapter=chapter, digest=digest))

    def written(self, student: str | None = None, chapter: str | None = None) -> dict:
        """(student, chapter, grade id) -> (digest, changed) of the written answers, all or one submission's."""
        query = select(WRITTEN)
        if student is not None:
            query = query.where(WRITTEN.c.student == student, WRITTEN.c.chapter == chapter)
        with self.engine.connect() as c:
            return {(r.student, r.chapter, r.grade_id): (r.digest, bool(r.changed)) for r in c.execute(query)}

    def set_written(self, student: str, chapter: str, rows: dict[str, tuple[str, bool]]) -> None:
        """Replace one submission's written-answer rows with ``rows`` (grade id -> (digest, changed))."""
        with self.engine.begin() as c:
            c.execute(delete(WRITTEN).where(WRITTEN.c.student == student, WRITTEN.c.chapter == chapter))
            for gid, (digest, changed) in rows.items():
                c.execute(WRITTEN.insert().values(student=student, chapter=chapter, grade_id=gid, digest=digest,
                                                  changed=changed))

    def dispose(self) -> None:
        self.engine.dispose()
