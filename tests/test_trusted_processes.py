"""The worker's trusted processes (issue 24) leave the student's kernel its whole process budget.

RLIMIT_NPROC counts every thread of a user id. With the trusted processes under the student kernels'
user id, a worker that had kept chapters 01–08's trusted processes warm (TensorFlow's thread pools among
them) left a Keras kernel of chapter 08 no thread to start: the example class's doh_hyunwoo/08 scored
1 instead of 6 (seen with ``grade --jobs 1`` over two students' whole term, 62 threads of 64 in use).
"""
import os

import pytest

from autograder.grading import execute, worker
from autograder.grading.sandbox import Limits, Sandbox


def test_the_trusted_side_runs_as_a_user_of_its_own_with_the_same_limits():
    student = Sandbox(Limits(processes=17, memory_mb=999), worker=3)
    trusted = student.for_trusted()
    assert trusted.limits == student.limits and trusted.enabled == student.enabled
    if os.geteuid() == 0:
        assert trusted.uid() != student.uid()
        assert {trusted.uid(), student.uid()} <= set(range(61000, 61000 + 4096))


class _FakeTrusted:
    made: list = []

    def __init__(self, sandbox, folder, setup):
        self.sandbox, self.folder, self.setup, self.stopped = sandbox, folder, setup, False
        _FakeTrusted.made.append(self)

    def stop(self):
        self.stopped = True


@pytest.fixture
def worker_state(monkeypatch, tmp_path):
    monkeypatch.setattr(worker, "TrustedProcess", _FakeTrusted)
    monkeypatch.setattr(worker, "lesson_setup", lambda release: [release])
    monkeypatch.setattr(worker, "_state", {"trusted": {}})
    student = Sandbox(worker=5)
    monkeypatch.setattr(execute, "CURRENT", {"sandbox": student, "trusted_sandbox": student.for_trusted(),
                                             "work_dir": str(tmp_path)})
    _FakeTrusted.made = []
    return student


def test_a_worker_keeps_few_trusted_processes_warm_under_the_trusted_user(worker_state):
    for chapter in ["01", "01", "02", "03", "04", "05", "06", "07", "08"]:
        used = worker._trusted_for(chapter, f"setup of {chapter}")
        assert used.sandbox is execute.CURRENT["trusted_sandbox"] and used.sandbox is not worker_state
        alive = [t for t in _FakeTrusted.made if not t.stopped]
        assert len(alive) <= worker.WARM_TRUSTED and used in alive
    assert len(_FakeTrusted.made) == 8   # chapter 01's second task reused its warm process


def test_a_changed_lesson_gets_a_new_trusted_process(worker_state):
    first = worker._trusted_for("01", "old setup")
    second = worker._trusted_for("01", "new setup")
    assert first.stopped and not second.stopped and second.setup == ["new setup"]
