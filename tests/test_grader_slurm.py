"""Grading past one machine with a real Slurm: the shipped ``autograder/jobs/`` files on a single-node cluster.

A Slurm cluster (Debian's ``slurm-wlm`` and ``munge``, installed by ``make setup``; ``slurm_cluster.py``) and a
throwaway PostgreSQL server (``postgres_server.py``) are started on this machine under temporary folders and
stopped by pid at the end. ``submit-slurm.sh`` submits ``grade.sbatch`` as an array of 2 tasks (each task's
shard from ``grade --shard auto``) and ``export.sbatch`` after them; the exported grades must equal a
single-machine SQLite run of the same class, every student once. Then one task is killed while it grades and
submitted again: the gradebook is completed, without duplicates. (Issue 16, point 3.)

Without the Slurm or PostgreSQL binaries the tests are skipped on a developer's machine, but fail in CI
(``CI`` set), where ``make test`` has just installed them."""
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest

from autograder import paths
from autograder.course import example_class
from autograder.grading.run import in_shard
from postgres_server import create_database, throwaway_postgres
from slurm_cluster import SlurmCluster, missing_binaries, wait_until

pytestmark = pytest.mark.xdist_group("grader-postgres")   # never beside the other shared-gradebook test
CHAPTER = "01-perceptron"
SUBMIT = paths.REPO / "autograder" / "jobs" / "submit-slurm.sh"
LOOPER = "yoon_loop"   # sorts after the example class's students of shard 1: the task grades it last
WAIT = 1800            # seconds: a limit for a busy machine, never a guess of how long grading takes


def _missing(reason: str):
    (pytest.fail if os.environ.get("CI") else pytest.skip)(reason)


@pytest.fixture(scope="module")
def cluster():
    missing = missing_binaries()
    if missing:
        _missing(f"Slurm/munge binaries missing ({', '.join(missing)}): `make setup` installs the Debian "
                 "packages slurm-wlm and munge")
    with SlurmCluster() as running:
        yield running
    shutil.rmtree(running.root, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres_url():
    with throwaway_postgres(on_missing=_missing) as url:
        yield url


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _class(folder: Path, looper: bool = False) -> list[str]:
    for student_dir in example_class.SUBMITTED.iterdir():
        shutil.copytree(student_dir / CHAPTER, folder / student_dir.name / CHAPTER)
    if looper:   # a complete submission whose first answer never ends: its task is busy until the cell timeout
        # (asleep, not spinning: the other test worker gets the CPU while the window lasts)
        nb = nbformat.read(example_class.SUBMITTED / "ahn_jisoo" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution"))
        first.source = "import time\nwhile True:\n    time.sleep(0.5)\n" + first.source
        (folder / LOOPER / CHAPTER).mkdir(parents=True)
        nbformat.write(nb, folder / LOOPER / CHAPTER / f"{CHAPTER}.ipynb")
    return sorted(p.name for p in folder.iterdir())


def _submit(cluster: SlurmCluster, work: Path, url: str, *args: str, grade_args: str,
            tmp: Path | None = None) -> tuple[str, str]:
    env = {"AUTOGRADER_DB_URL": url, "AUTOGRADER_SUBMITTED": "submitted", "AUTOGRADER_OUT": "grading",
           "AUTOGRADER_PYTHON": sys.executable, "AUTOGRADER_GRADE_ARGS": grade_args}
    if tmp:
        env["TMPDIR"] = str(tmp)   # the workers' spaces (tmpfs mounts) are made there
    done = cluster.run("bash", str(SUBMIT), "--cpus-per-task=1", *args, cwd=work, env=env)
    grade, export = done.stdout.split()
    return grade, export


def _logs(work: Path) -> str:
    return "\n".join(f"== {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in sorted(work.glob("*.out")))


def _outcomes(url: str) -> list[tuple[str, str]]:
    """(student, chapter) of every outcome row in the PostgreSQL gradebook, duplicates kept."""
    import psycopg2
    from psycopg2 import errors
    host_port, db = url.split("@", 1)[1].split("/", 1)
    host, port = host_port.rsplit(":", 1)
    connection = psycopg2.connect(host=host, port=int(port), user="grader", dbname=db)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT student, chapter FROM autograder_outcome")
            return cursor.fetchall()
    except errors.UndefinedTable:
        return []
    finally:
        connection.close()


def _check_class(work: Path, url: str, students: list[str], expected: list[dict]) -> None:
    rows = _rows(work / "grading" / "class" / "grades.csv")
    assert sorted(r["student"] for r in rows) == students, "every student once in the exported grades"
    assert sorted(_outcomes(url)) == [(s, CHAPTER) for s in students], "every student once in the gradebook"
    assert [r for r in rows if r["student"] != LOOPER] == expected
    for student in students:   # the export job gathered the feedback pages that each task wrote
        assert (work / "grading" / "class" / "feedback" / student / CHAPTER / f"{CHAPTER}.html").is_file(), student
    assert (work / "grading" / "class" / "report.html").is_file()


@pytest.fixture(scope="module")
def one_machine(tmp_path_factory) -> tuple[list[dict], float]:
    """The class graded on one machine, one process, SQLite: its grades.csv rows and how long it took."""
    folder = tmp_path_factory.mktemp("one-machine")
    _class(folder / "submitted")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", str(folder / "submitted"), "--out",
                           str(folder / "out"), "--chapters", CHAPTER, "--jobs", "1", "--quiet"], cwd=paths.REPO,
                          capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 0, done.stdout + done.stderr
    return _rows(folder / "out" / "grades.csv"), time.monotonic() - started


def test_an_array_of_two_equals_one_machine(cluster, postgres_url, one_machine, tmp_path):
    work = tmp_path / "course"
    students = _class(work / "submitted")
    assert all(any(in_shard(s, (i, 2)) for s in students) for i in range(2)), "both shards have students"
    expected, alone = one_machine

    started = time.monotonic()
    grade, export = _submit(cluster, work, postgres_url, "2", grade_args=f"--chapters {CHAPTER}")
    states = cluster.wait_finished(export, WAIT)
    on_slurm = time.monotonic() - started
    tasks = cluster.wait_finished(grade, WAIT)
    assert tasks == {f"{grade}_0": "COMPLETED", f"{grade}_1": "COMPLETED"}, _logs(work)
    assert states == {export: "COMPLETED"}, _logs(work)
    for i in range(2):   # each task took its shard from Slurm and graded only its students
        log = (work / f"autograde-{grade}_{i}.out").read_text()
        assert f"shard {i}/2 (Slurm" in log, log
        assert f"graded now: {sum(in_shard(s, (i, 2)) for s in students)}," in log, log
    _check_class(work, postgres_url, students, expected)
    took = [float(line.split()[-2]) for i in range(2) for line in
            (work / f"autograde-{grade}_{i}.out").read_text().splitlines() if "grading took" in line]
    print(f"\none machine (SQLite, --jobs 1): {alone:.1f} s; Slurm array of 2 tasks (1 CPU each), submit → "
          f"export done: {on_slurm:.1f} s; the tasks' own grading: {', '.join(f'{t:.1f} s' for t in took)}")


def test_a_killed_task_submitted_again_completes_the_gradebook(cluster, postgres_url, one_machine, tmp_path):
    url = create_database(postgres_url, "course_rerun")
    work = tmp_path / "course"
    students = _class(work / "submitted", looper=True)
    second = sorted(s for s in students if in_shard(s, (1, 2)))
    assert second[-1] == LOOPER and len(second) >= 2, second
    expected = one_machine[0]
    # the looper's cell timeout is the window in which task 1 is seen stuck: wide, for a busy machine
    grade_args = f"--chapters {CHAPTER} --cell-timeout 60"

    tmp = Path(tempfile.mkdtemp(prefix="slt"))   # short: the kernels' socket paths are made under it
    try:
        _kill_and_submit_again(cluster, url, work, tmp, students, second, expected, grade_args)
    finally:
        for mount in _mounts_under(tmp):
            subprocess.run(["umount", "-l", mount], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


def _kill_and_submit_again(cluster, url, work, tmp, students, second, expected, grade_args):
    grade, export = _submit(cluster, work, url, "2", grade_args=grade_args, tmp=tmp)
    # task 1 has graded every student of its shard but the last, whose first answer never ends: kill it there
    wait_until(lambda: set(second[:-1]) <= {s for s, _ in _outcomes(url)}, WAIT, "task 1's first students")
    assert cluster.states(grade)[f"{grade}_1"] == "RUNNING" and LOOPER not in {s for s, _ in _outcomes(url)}
    cluster.run("scancel", f"{grade}_1")
    assert cluster.wait_finished(f"{grade}_1", WAIT) == {f"{grade}_1": "CANCELLED"}
    assert cluster.wait_finished(grade, WAIT)[f"{grade}_0"] == "COMPLETED", _logs(work)
    # the export waited for every task: with one cancelled it never runs (--kill-on-invalid-dep)
    assert cluster.wait_finished(export, WAIT)[export] != "COMPLETED"
    assert not (work / "grading" / "class" / "grades.csv").exists()
    graded = sorted(s for s, _ in _outcomes(url))
    assert LOOPER not in graded and len(graded) == len(students) - 1, graded
    wait_until(lambda: not [pid for pid in cluster.ours() if _in_task(pid, grade, 1)], 120,
               "the killed task's processes to end")
    assert not _mounts_under(tmp), "the killed task unmounted its workers' spaces (SIGTERM → clean-up)"

    again, export = _submit(cluster, work, url, "2", "1", grade_args=grade_args, tmp=tmp)   # shard 1 of 2, once more
    assert cluster.wait_finished(export, WAIT) == {export: "COMPLETED"}, _logs(work)
    assert cluster.wait_finished(again, WAIT) == {f"{again}_1": "COMPLETED"}
    log = (work / f"autograde-{again}_1.out").read_text()
    assert "shard 1/2 (Slurm task 1, AUTOGRADER_SHARD_COUNT=2)" in log, log
    assert f"graded now: 1, 변경 없음 / unchanged: {len(second) - 1}" in log, log   # only the killed one
    _check_class(work, url, students, expected)
    looper = [r for r in _rows(work / "grading" / "class" / "grades.csv") if r["student"] == LOOPER]
    assert len(looper) == 1 and float(looper[0]["score"]) < float(looper[0]["max_score"]), looper

    from nbgrader.api import Gradebook

    from autograder.grading.store import db_url
    with Gradebook(db_url(work, url)) as gb:   # nbgrader's own tables: one submission per student
        submitted = [s.student.id for s in gb.assignment_submissions(CHAPTER)]
    assert len(submitted) == len(set(submitted)) and LOOPER in submitted


def _in_task(pid: int, job: str, task: int) -> bool:
    try:
        env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"SLURM_ARRAY_JOB_ID={job}".encode() in env and f"SLURM_ARRAY_TASK_ID={task}".encode() in env


def _mounts_under(folder: Path) -> list[str]:
    mounts = [line.split()[4] for line in Path("/proc/self/mountinfo").read_text().splitlines()]
    return sorted((m for m in mounts if m.startswith(f"{folder}/")), reverse=True)
