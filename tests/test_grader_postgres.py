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
            _grade(submitted, tmp_path / "machine0", "--shard", "0/2", "--db", postgres_url),
            _grade(submitted, tmp_path / "machine1", "--shard", "1/2", "--db", postgres_url)]
    logs = [run.communicate(timeout=1200)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], "\n".join(logs)
    assert time.monotonic() - started < 1200

    for half, log in zip(halves, logs[1:]):   # each machine graded its own students, and only those
        assert f"graded now: {len(half)}," in log, log
    assert cli.main(["export", "--out", str(tmp_path / "class"), "--db", postgres_url]) == 0
    expected = _rows(tmp_path / "sqlite" / "grades.csv")
    assert _rows(tmp_path / "class" / "grades.csv") == expected
    assert expected == [r for r in _rows(example_class.EXPECTED_GRADES) if r["chapter"] == CHAPTER]
    assert (tmp_path / "class" / "report.html").exists()

    # nbgrader's own gradebook in PostgreSQL holds every student's score too
    from nbgrader.api import Gradebook

    from autograder.grading.store import db_url
    with Gradebook(db_url(tmp_path, postgres_url)) as gb:   # a plain postgresql:// URL → psycopg2
        for row in expected:
            assert float(gb.find_submission(CHAPTER, row["student"]).score) == float(row["score"]), row

    # a rerun of one shard grades nothing: the digests are in the shared gradebook
    again = _grade(submitted, tmp_path / "machine0", "--shard", "0/2", "--db", postgres_url)
    out = again.communicate(timeout=600)[0]
    assert again.returncode == 0 and f"graded now: 0, 변경 없음 / unchanged: {len(halves[0])}" in out, out
