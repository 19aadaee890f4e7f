"""The sandbox student code runs in: bubblewrap (bwrap) + a throwaway user id + resource limits.

Inside the sandbox a kernel sees a read-only Python (the interpreter and the course's .venv),
read-only /usr and a few /etc files, a fresh /tmp, and one writable scratch folder (its home and
working directory). It does not see the repository (so not solutions/, lessons/ or tests/),
the gradebook, the submissions folder or any other student's scratch. It has its own network
namespace with no interface but loopback (no network), its own PID and IPC namespaces, runs
as an unprivileged user id with no capabilities, and under rlimits: address space (memory),
number of processes, file size, CPU seconds. Wall time per cell and per notebook is enforced by
the executor (``execute.py``).

Without bubblewrap (``Sandbox.available()`` is False, or ``--no-sandbox``) the kernel runs as a
plain local process with only the rlimits: see ``LOST_WITHOUT_BWRAP``.

Warm kernels (``zygote.py``) run the zygote in this same sandbox, and each kernel forked from it gets
namespaces and tmpfs folders of its own on top (``zygote_main.py``).
"""
import fcntl
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

BWRAP = shutil.which("bwrap") or "/usr/bin/bwrap"
BASE_UID = 61000            # student code runs as a uid from BASE_UID on (when root), one per sandbox
UID_COUNT = 4096
UID_LOCKS = Path("/tmp/autograder-uids")
# What a notebook sees when it is graded, besides its sandbox: FAST mode (the chapters train briefly when
# NBGRADER_EXECUTION is set), one BLAS/OpenMP thread, no TensorFlow notices. The audit runs with the same.
# PYTHONSAFEPATH: no working folder on sys.path (IPython adds it otherwise), so a module the student's code
# writes there can never be imported (``plt.switch_backend("module://mine")`` imports by name)
GRADING_KNOBS = {"NBGRADER_EXECUTION": "autograde", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                 "MKL_NUM_THREADS": "1", "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0",
                 "PYTHONSAFEPATH": "1"}
# Figures: nothing reads the images of a graded notebook (the feedback page shows answers and test results),
# so a graded kernel draws with Agg and renders no PNG; its notices about figures that cannot be shown are
# no output of the student's
QUIET_FIGURES = {"MPLBACKEND": "agg",
                 "PYTHONWARNINGS": "ignore:FigureCanvasAgg is non-interactive:UserWarning,"
                                   "ignore:More than 20 figures have been opened:RuntimeWarning"}


def _claim_uid(preferred: int) -> tuple[int, int]:
    """A uid no other live sandbox on this machine uses, held by a lock for this process's lifetime.

    RLIMIT_NPROC counts every process and thread of a uid machine-wide: two grader runs at once (two
    shards on one machine) sharing a uid would share one process budget, and one student's fork bomb or
    TensorFlow's threads could stop another student's kernel from starting."""
    UID_LOCKS.mkdir(mode=0o700, exist_ok=True)
    for offset in range(UID_COUNT):
        uid = BASE_UID + (preferred + offset) % UID_COUNT
        fd = os.open(UID_LOCKS / str(uid), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return uid, fd
        except BlockingIOError:
            os.close(fd)
    raise RuntimeError(f"no free sandbox uid in {BASE_UID}..{BASE_UID + UID_COUNT - 1}")

LOST_WITHOUT_BWRAP = (
    "bubblewrap 없음: 학생 코드가 네트워크를 쓰고, 이 사용자가 읽을 수 있는 모든 파일(solutions/, 성적부, "
    "다른 학생의 제출물)을 읽고 쓸 수 있습니다. 시간·메모리·프로세스·파일 크기 제한만 남습니다. / "
    "no bubblewrap: student code has the network and can read and write every file this user can "
    "(solutions/, the gradebook, other students' submissions); only the time, memory, process and "
    "file-size limits remain.")


@dataclass
class Limits:
    cell_seconds: int = 120        # wall time of one cell
    notebook_seconds: int = 600    # wall time of the whole notebook
    memory_mb: int = 4096          # address space of each process (RLIMIT_AS)
    processes: int = 64            # processes of the sandbox user (RLIMIT_NPROC)
    file_mb: int = 64              # largest file it may write (RLIMIT_FSIZE)
    output_kb: int = 512           # text output kept per notebook; the rest is cut (see execute.py)
    media_kb: int = 16384          # images and other rich output kept per notebook
    disk_mb: int = 1024            # a worker's writable space (tmpfs): its kernels' folders together
    tmp_mb: int = 64               # a kernel's own /tmp and /dev/shm (tmpfs) each

    def rlimits(self) -> dict[str, int]:
        return {"as": self.memory_mb * 2**20, "nproc": self.processes, "fsize": self.file_mb * 2**20,
                "cpu": self.notebook_seconds + 30, "core": 0}


def _python_roots() -> list[tuple[Path, Path]]:
    """(host folder, sandbox path) of each folder the interpreter needs: the venv and the base
    installation it points to, at their real paths, and again at each path the interpreter knows
    them by when it was reached through a symlink (``.venv -> /elsewhere/venv``, or the repository
    itself reached through a symlinked folder). The kernel command is ``sys.executable`` as typed,
    and Python finds its packages from that path, not from the resolved one. Only those same folders
    get a second name: nothing else of the host becomes visible. A name below a folder bound whole
    is left alone (the folder holds the link itself)."""
    named = [Path(os.path.abspath(p)) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                                 Path(sys.executable).parent.parent)]
    real = {p.resolve() for p in named} | {Path(os.path.realpath(sys.executable)).parent.parent}
    real = {r for r in real if r.exists() and not str(r).startswith("/usr")}
    pairs = {(r, r) for r in real}
    for alias in named:
        target = alias.resolve()
        if target != alias and target in real and not any(
                r in alias.parents for r in [*real, Path("/usr")]):
            pairs.add((target, alias))
    return sorted(pairs, key=lambda pair: (len(pair[1].parts), str(pair[1])))


@dataclass
class Sandbox:
    limits: Limits = field(default_factory=Limits)
    enabled: bool = True
    worker: int = 0
    extra_ro: list[tuple[Path, str]] = field(default_factory=list)  # (host path, sandbox path) data
    _uid: int | None = field(default=None, init=False, repr=False, compare=False)
    _uid_lock: int | None = field(default=None, init=False, repr=False, compare=False)

    @staticmethod
    def available() -> bool:
        return Path(BWRAP).exists() and os.access(BWRAP, os.X_OK) and sys.platform == "linux"

    @property
    def active(self) -> bool:
        return self.enabled and self.available()

    def for_trusted(self) -> "Sandbox":
        """The same confinement and limits under a user id of its own, for the grader's trusted processes:
        RLIMIT_NPROC counts every thread of a user id, and a student's kernel must keep its whole budget."""
        return Sandbox(self.limits, enabled=self.enabled, worker=self.worker + UID_COUNT // 2, extra_ro=self.extra_ro)

    def uid(self) -> int | None:
        if os.geteuid() != 0:
            return None
        if self._uid is None:
            self._uid, self._uid_lock = _claim_uid(self.worker)
        return self._uid

    def prepare_dir(self, path: Path) -> None:
        """A folder the sandbox user may write (scratch, kernel sockets)."""
        path.mkdir(parents=True, exist_ok=True)
        uid = self.uid() if self.active else None
        if uid is not None:
            os.chown(path, uid, uid)
        os.chmod(path, 0o700 if uid is not None else 0o755)

    def seed_matplotlib_cache(self, target: Path) -> None:
        """Give a kernel a copy of the grader's font cache: rebuilding it costs seconds per kernel."""
        try:
            import matplotlib
            source = Path(matplotlib.get_cachedir())
        except Exception:
            return
        target.mkdir(exist_ok=True)
        for path in source.glob("fontlist-*.json"):
            shutil.copy(path, target / path.name)
        uid = self.uid() if self.active else None
        if uid is not None:
            for path in [target, *target.iterdir()]:
                os.chown(path, uid, uid)

    def env(self, home: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TZ")}
        return {**keep, "HOME": home, "TMPDIR": home, **QUIET_FIGURES, "MPLCONFIGDIR": f"{home}/.matplotlib",
                "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
                "PYTHONDONTWRITEBYTECODE": "1", "JUPYTER_PLATFORM_DIRS": "1", **GRADING_KNOBS}

    def command(self, argv: list[str], scratch: Path, sockets: Path,
                extra_ro: list[tuple[Path, str]] | None = None) -> list[str]:
        """Wrap ``argv`` (a kernel command) so that it runs confined; paths inside = paths outside,
        but for ``extra_ro`` (host path, sandbox path): read-only data."""
        extra_ro = [*self.extra_ro, *(extra_ro or [])]
        prlimit = ["prlimit"] + [f"--{name}={value}" for name, value in self.limits.rlimits().items()] + ["--"]
        if not self.active:
            return prlimit + argv
        cmd = [BWRAP, "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
               "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--hostname", "sandbox",
               "--ro-bind", "/usr", "/usr"]
        for name in ("lib", "lib64", "bin", "sbin"):
            target = Path("/") / name
            if target.is_symlink():
                cmd += ["--symlink", os.readlink(target), str(target)]
            elif target.exists():
                cmd += ["--ro-bind", str(target), str(target)]
        cmd += ["--perms", "0755", "--dir", "/etc"]
        for name in ("/etc/alternatives", "/etc/fonts", "/etc/ld.so.cache", "/etc/localtime", "/etc/passwd",
                     "/etc/group", "/etc/ssl", "/etc/matplotlibrc", "/usr/share/fonts"):
            cmd += ["--ro-bind-try", name, name]
        tmp_bytes = str(self.limits.tmp_mb * 2**20)
        cmd += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", tmp_bytes, "--tmpfs", "/dev/shm",
                "--perms", "1777", "--size", tmp_bytes, "--tmpfs", "/tmp"]
        made, python = set(), _python_roots()
        for path in [*(inside for _, inside in python), scratch, sockets, *(Path(s) for _, s in extra_ro)]:
            for parent in reversed(path.parents):
                if str(parent) not in made and str(parent) not in ("/", "/usr", "/tmp") \
                        and not str(parent).startswith("/usr/"):
                    cmd += ["--perms", "0755", "--dir", str(parent)]
                    made.add(str(parent))
        for host, inside in python:
            cmd += ["--ro-bind", str(host), str(inside)]
        cmd += ["--bind", str(scratch), str(scratch), "--bind", str(sockets), str(sockets)]
        keras_data = Path.home() / ".keras" / "datasets"   # datasets the grader's machine already has
        if keras_data.is_dir():
            cmd += ["--ro-bind", str(keras_data), str(scratch / ".keras" / "datasets")]
        for host, inside in extra_ro:
            cmd += ["--ro-bind-try", str(host), inside]
        cmd += ["--chdir", str(scratch), "--clearenv"]
        for key, value in self.env(str(scratch)).items():
            cmd += ["--setenv", key, value]
        cmd += ["--"]
        uid = self.uid()
        if uid is not None:  # root: become a throwaway user so that RLIMIT_NPROC counts only this sandbox
            cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", "--no-new-privs"]
        return cmd + prlimit + argv
