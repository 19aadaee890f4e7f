"""A worker's space is detached at once on SIGTERM: the SIGKILL that a batch system sends some seconds later
may come before the orderly clean-up, and a killed process cannot unmount (seen with Slurm's scancel)."""
import os

import pytest

from autograder.grading import worker, worker_space

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")


def test_sigterm_detaches_every_space_of_the_run():
    root = worker_space.run_root()
    spaces = [worker_space.WorkerSpace(16, root) for _ in range(2)]
    try:
        assert all(space.mounted and os.path.ismount(space.path) for space in spaces)
        with pytest.raises(SystemExit):
            worker.terminate(15, None)
        assert not any(os.path.ismount(space.path) for space in spaces)
    finally:
        worker._terminating = False
        for space in spaces:
            space.release()
        worker_space.release_all(root)
    assert not root.exists()
