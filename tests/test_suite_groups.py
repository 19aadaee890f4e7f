"""The suite's xdist groups hold: tests that share a build, a server or a folder run on one worker, one after
another. (pytest-xdist 3.8 groups by rewriting each test's node id; pytest 9.2 ignores that rewrite, so every
group silently spread over both workers: two book builds at once in one _build, a bare venv used half made.)"""
import os
import subprocess
import sys

GROUPED = '''
import os, pytest
pytestmark = pytest.mark.xdist_group("together")

@pytest.mark.parametrize("i", range(8))
def test_grouped(i, tmp_path_factory):
    with open(os.environ["WORKERS_LOG"], "a") as log:
        log.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")

@pytest.mark.parametrize("i", range(8))
def test_free(i):
    pass
'''


def test_a_group_runs_on_one_worker(tmp_path):
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    log = tmp_path / "workers.log"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadgroup", "-p",
                           "no:cacheprovider", "--rootdir", str(tmp_path), "-c", "/dev/null", str(tmp_path)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "WORKERS_LOG": str(log)})
    assert done.returncode == 0, done.stdout[-2000:]
    workers = log.read_text().split()
    assert len(workers) == 8 and len(set(workers)) == 1, workers
