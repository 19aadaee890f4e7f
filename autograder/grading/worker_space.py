"""Each worker's writable space (its kernels' socket folders and scratch folders, its zygotes'
folders) on a tmpfs of its own with a size limit, so that no kernel can fill the grader's disk.

Mounting needs root; without it the space is an ordinary folder under the system's temporary
folder and only the per-file limit (RLIMIT_FSIZE) holds (``problem`` says so). The path is short:
a Unix socket's path may not exceed 107 bytes. The spaces of one run are made under one folder
(``run_root``) that the parent process clears at the end (``release_all``), so that a worker killed
before it could unmount its space leaves nothing behind.
"""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


_ROOTS: list[Path] = []   # this run's roots, inherited by forked workers: what ``detach_all`` looks under


def run_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="agr-"))
    _ROOTS.append(root)
    return root


def detach_all() -> None:
    """Lazily unmount every worker space of this run, at once. Called on SIGTERM: a batch system sends
    SIGKILL some seconds later, maybe before the orderly clean-up is reached, and a killed process cannot
    unmount. Detached, a space disappears with the last process that uses it."""
    for root in _ROOTS:
        for space in sorted(root.iterdir()) if root.is_dir() else []:
            if os.path.ismount(space):
                subprocess.run(["umount", "-l", str(space)], capture_output=True)


def release_all(root: Path) -> None:
    """Unmount and remove every worker space made under ``root``."""
    if not root.is_dir():
        return
    for space in sorted(root.iterdir()):
        if os.path.ismount(space):
            subprocess.run(["umount", "-l", str(space)], capture_output=True)
    shutil.rmtree(root, ignore_errors=True)


class WorkerSpace:
    def __init__(self, size_mb: int, root: Path | None = None):
        self.path = Path(tempfile.mkdtemp(prefix="w", dir=root) if root else tempfile.mkdtemp(prefix="agw-"))
        self.mounted = False
        self.problem = ""
        if os.geteuid() != 0 or shutil.which("mount") is None:
            self.problem = "not root: the workers' space is not size-limited"
            return
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0755,nosuid,nodev", "tmpfs",
                               str(self.path)], capture_output=True, text=True)
        self.mounted = done.returncode == 0
        if not self.mounted:
            self.problem = f"tmpfs not mounted: {done.stderr.strip()[:200]}"

    def release(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True)
            self.mounted = False
        shutil.rmtree(self.path, ignore_errors=True)
