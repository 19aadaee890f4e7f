"""Several machines, one gradebook: the grader against a real, throwaway PostgreSQL server.

Two ``--shard i/2`` runs (at the same time, as on two machines) grade a small class into one PostgreSQL
gradebook; ``export`` then writes the class's grades.csv, which must equal the single-machine SQLite
result. The server (PostgreSQL 15 from the Debian package the Makefile installs) is started here in a
temporary folder, as an unprivileged user when the tests run as root, on 127.0.0.1 and a free port.
(Issue 5, points 2 and 6.)"""
import csv
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import cli, paths
from autograder.course import example_class
from autograder.grading.run import in_shard
from postgres_server import throwaway_postgres

pytestmark = pytest.mark.xdist_group("grader-postgres")
CHAPTER = "01-perceptron"


@pytest.fixture(scope="module")
def postgres_url():
    with throwaway_postgres(on_missing=pytest.skip) as url:
        yield url


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _grade(submitted: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "autograder", "grade", str(submitted), "--out", str(out),
                             "--chapters", CHAPTER, "--jobs", "1", "--quiet", *extra],
                            cwd=paths.REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_two_shards_into_postgresql_equal_one_sqlite_run(postgres_url, tmp_path):
    submitted = tmp_path / "submitted"
    for student_dir in example_class.SUBMITTED.iterdir():
        shutil.copytree(student_dir / CHAPTER, submitted / student_dir.name / CHAPTER)
    students = sorted(p.name for p in submitted.iterdir())
    halves = [{s for s in students if in_shard(s, (i, 2))} for i in range(2)]
    assert all(halves), "the example class must fall into both shards"

    started = time.monotonic()
    runs = [_grade(submitted, tmp_path / "sqlite"),                                   # one machine, SQLite
            _grade(submitted, tmp_path / "grading" / "task-0", "--shard", "0/2", "--db", postgres_url),
            _grade(submitted, tmp_path / "grading" / "task-1", "--shard", "1/2", "--db", postgres_url)]
    logs = [run.communicate(timeout=1200)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], "\n".join(logs)
    assert time.monotonic() - started < 1200

    for half, log in zip(halves, logs[1:]):   # each machine graded its own students, and only those
        assert f"graded now: {len(half)}," in log, log
    assert cli.main(["export", "--out", str(tmp_path / "class"), "--db", postgres_url]) == 0
    expected = _rows(tmp_path / "sqlite" / "grades.csv")
    assert _rows(tmp_path / "class" / "grades.csv") == expected
    _gathered_like_one_machine(tmp_path, postgres_url, students)
    assert expected == [r for r in _rows(example_class.EXPECTED_GRADES) if r["chapter"] == CHAPTER]
    assert (tmp_path / "class" / "report.html").exists()

    # nbgrader's own gradebook in PostgreSQL holds every student's score too
    from nbgrader.api import Gradebook

    from autograder.grading.store import db_url
    with Gradebook(db_url(tmp_path, postgres_url)) as gb:   # a plain postgresql:// URL → psycopg2
        for row in expected:
            assert float(gb.find_submission(CHAPTER, row["student"]).score) == float(row["score"]), row

    # a rerun of one shard grades nothing: the digests are in the shared gradebook
    again = _grade(submitted, tmp_path / "grading" / "task-0", "--shard", "0/2", "--db", postgres_url)
    out = again.communicate(timeout=600)[0]
    assert again.returncode == 0 and f"graded now: 0, 변경 없음 / unchanged: {len(halves[0])}" in out, out


def _gathered_like_one_machine(tmp_path: Path, url: str, students: list[str]) -> None:
    """Issue 25 §4: the cluster path ends like the single machine. `feedback` into a folder without the graded
    notebooks refuses (it would write pages without the answers); `gather` makes one grading folder of the two
    tasks' where every feedback page equals the single-machine run's, and formgrader sees the whole class."""
    grading, whole = tmp_path / "grading", tmp_path / "grading" / "class"
    assert cli.main(["feedback", "--out", str(whole), "--db", url]) == 2
    assert not (whole / "feedback").exists()
    assert cli.main(["gather", str(grading), "--into", str(whole), "--db", url]) == 0
    assert _rows(whole / "grades.csv") == _rows(tmp_path / "sqlite" / "grades.csv")
    single = tmp_path / "sqlite" / "feedback"
    for student in students:
        page = f"{student}/{CHAPTER}/{CHAPTER}.html"
        assert (whole / "feedback" / page).read_bytes() == (single / page).read_bytes(), page
        if (single.parent / "autograded" / student / CHAPTER).is_dir():
            assert (whole / "autograded" / student / CHAPTER / f"{CHAPTER}.ipynb").is_file()
    assert cli.main(["feedback", "--out", str(whole), "--db", url]) == 0   # and again from there, the same
    for student in students:
        page = f"{student}/{CHAPTER}/{CHAPTER}.html"
        assert (whole / "feedback" / page).read_bytes() == (single / page).read_bytes(), page

    # formgrader started in grading/class (AUTOGRADER_DB_URL set) lists every student's graded submission
    import os

    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader
    previous = os.environ.get("AUTOGRADER_DB_URL")
    os.environ["AUTOGRADER_DB_URL"] = url
    try:
        config = PyFileConfigLoader("nbgrader_config.py", path=str(whole)).load_config()
    finally:
        if previous is None:
            del os.environ["AUTOGRADER_DB_URL"]
        else:
            os.environ["AUTOGRADER_DB_URL"] = previous
    api = NbGraderAPI(config=config)
    listed = {s["student"] for s in api.get_submissions(CHAPTER) if s["autograded"]}
    graded = {s for s in students if (single.parent / "autograded" / s / CHAPTER).is_dir()}
    assert graded and graded <= listed <= set(students), (graded, listed)


def test_a_script_creates_the_gradebooks_role_and_database(postgres_url):
    """autograder/jobs/create-gradebook-db.sh, run as the server's administrator, makes a role that owns a new
    database and may create the gradebook's tables in it; run again, it changes nothing."""
    import os

    from postgres_server import pg_bin
    host_port = postgres_url.split("@", 1)[1].split("/", 1)[0]
    host, port = host_port.rsplit(":", 1)
    env = dict(os.environ, PGHOST=host, PGPORT=port, PGUSER="grader", AUTOGRADER_DB_PASSWORD="s3cret'quote",
               PATH=f"{pg_bin()}:{os.environ['PATH']}")
    script = paths.REPO / "autograder" / "jobs" / "create-gradebook-db.sh"
    for _ in range(2):
        done = subprocess.run(["bash", str(script), "course_grader", "dl2026"], env=env, capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stderr
        assert f"postgresql://course_grader@{host}:{port}/dl2026" in done.stdout
    bad = subprocess.run(["bash", str(script), "Robert'); DROP", "x"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "usage" in bad.stderr

    from nbgrader.api import Gradebook

    from autograder.grading.store import OutcomeStore, db_url, ensure_course
    url = db_url(Path("."), f"postgresql://course_grader@{host}:{port}/dl2026")
    ensure_course(url)
    OutcomeStore(url).dispose()
    with Gradebook(url) as gb:
        gb.add_assignment("01-perceptron")
    import psycopg2
    connection = psycopg2.connect(host=host, port=int(port), user="grader", dbname="postgres")
    cursor = connection.cursor()
    cursor.execute("SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = 'course_grader'")
    assert cursor.fetchone() == (False, False, False)
    cursor.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'dl2026'")
    assert cursor.fetchone() == ("course_grader",)
    connection.close()
