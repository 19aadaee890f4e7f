"""A real, single-node Slurm cluster for the tests, on this machine, under a temporary folder.

Debian's ``slurm-wlm`` and ``munge`` (installed by ``make setup``): ``munged`` with a key made here and its socket
in the folder; ``slurmctld`` and ``slurmd`` in the foreground (``-D``) with a minimal ``slurm.conf`` (root, no
cgroups: ``proctrack/linuxproc``, ``task/none``; no accounting; state, spool, logs and pid files in the folder;
munge reached through ``AuthInfo=socket=…``). The client commands (``sbatch``, ``squeue``, ``scancel``) find the
cluster through ``SLURM_CONF`` in ``env``.

The daemons need two TCP ports. A port found free by binding port 0 may be taken before the daemon binds it,
so a daemon that does not come up (it exits, e.g. "address already in use") is started again on new ports.
Every wait polls for a state, with a generous limit. ``stop`` ends, by pid, the jobs' processes (found by this
cluster's ``SLURM_CONF`` in their environment: ``slurmstepd`` and what it started) and the three daemons.
"""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BINARIES = ("munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "scancel", "scontrol", "sinfo")
FINAL = {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL",
         "DEADLINE"}


def missing_binaries() -> list[str]:
    return [name for name in BINARIES if shutil.which(name) is None and not Path("/usr/sbin", name).exists()]


def _binary(name: str) -> str:
    return shutil.which(name) or str(Path("/usr/sbin", name))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str, interval: float = 0.5):
    """Poll ``check()`` until it returns something true; ``TimeoutError`` naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        time.sleep(interval)


class DaemonFailed(RuntimeError):
    pass


class SlurmCluster:
    def __init__(self, root: Path | None = None, node: str = "grader1"):
        self.root = Path(root or tempfile.mkdtemp(prefix="grader-slurm-"))
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        self.node = node
        self.conf = self.root / "slurm.conf"
        self.munge_socket = self.root / "munge" / "munge.socket"
        self.env = {**os.environ, "SLURM_CONF": str(self.conf)}
        for name in ("SLURM_JOB_ID", "SLURM_ARRAY_TASK_ID", "SBATCH_ARRAY_INX"):   # never mix with an outer job
            self.env.pop(name, None)
        self.procs: dict[str, subprocess.Popen] = {}

    # ---------------------------------------------------------------- set-up
    def start(self, attempts: int = 6) -> "SlurmCluster":
        self._start_munged()
        problems = []
        for _ in range(attempts):
            self._write_conf(_free_port(), _free_port())
            try:
                self._start_daemon("slurmctld", [_binary("slurmctld"), "-D", "-i", "-f", str(self.conf)],
                                   lambda: "UP" in self.run("scontrol", "ping", check=False).stdout)
                self._start_daemon("slurmd", [_binary("slurmd"), "-D", "-N", self.node, "-f", str(self.conf)],
                                   lambda: self.node_state() == "idle")
                return self
            except DaemonFailed as error:    # most likely a port taken in between: new ports, once more
                problems.append(str(error))
                for name in ("slurmd", "slurmctld"):
                    self._stop_daemon(name)
        raise RuntimeError("the Slurm daemons did not start:\n" + "\n".join(problems))

    def _start_munged(self) -> None:
        folder = self.munge_socket.parent
        folder.mkdir(mode=0o700)
        key = folder / "munge.key"
        subprocess.run([_binary("mungekey"), "--create", "--keyfile", str(key)], check=True, capture_output=True)
        os.chmod(key, 0o600)
        self.procs["munged"] = subprocess.Popen(
            [_binary("munged"), "--foreground", "--force", f"--socket={self.munge_socket}", f"--key-file={key}",
             f"--pid-file={folder / 'munged.pid'}", f"--log-file={folder / 'munged.log'}",
             f"--seed-file={folder / 'munged.seed'}"],
            stdout=subprocess.DEVNULL, stderr=open(folder / "munged.stderr", "w"), env=self.env)

        def up():
            if self.procs["munged"].poll() is not None:
                raise RuntimeError("munged exited: " + (folder / "munged.stderr").read_text()
                                   + self._tail(folder / "munged.log"))
            return self.munge_socket.exists()
        wait_until(up, 60, "munged's socket")

    def _write_conf(self, ctld_port: int, slurmd_port: int) -> None:
        for folder in ("state", "spool"):
            shutil.rmtree(self.root / folder, ignore_errors=True)
            (self.root / folder).mkdir()
        host = socket.gethostname().split(".")[0]
        self.conf.write_text(f"""\
ClusterName=grader
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={self.munge_socket}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
StateSaveLocation={self.root / 'state'}
SlurmdSpoolDir={self.root / 'spool'}
SlurmctldPidFile={self.root / 'slurmctld.pid'}
SlurmdPidFile={self.root / 'slurmd.pid'}
SlurmctldLogFile={self.root / 'slurmctld.log'}
SlurmdLogFile={self.root / 'slurmd.log'}
SlurmctldDebug=info
SlurmdDebug=info
ReturnToService=2
MpiDefault=none
MinJobAge=3600
KillWait=30
InactiveLimit=0
NodeName={self.node} NodeHostname={host} NodeAddr=127.0.0.1 CPUs={os.cpu_count() or 1} State=UNKNOWN
PartitionName=grade Nodes={self.node} Default=YES MaxTime=INFINITE State=UP
""")

    def _start_daemon(self, name: str, command: list[str], ready) -> None:
        log = open(self.root / f"{name}.stderr", "w")
        self.procs[name] = process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                                      cwd=self.root)

        def up():
            if process.poll() is not None:
                raise DaemonFailed(f"{name} exited ({process.returncode}): "
                                   + (self.root / f"{name}.stderr").read_text()[-1500:]
                                   + self._tail(self.root / f"{name}.log"))
            return ready()
        try:
            wait_until(up, 180, f"{name} to be ready", interval=1)
        except TimeoutError as error:
            raise DaemonFailed(f"{error}: " + self._tail(self.root / f"{name}.log")) from None

    @staticmethod
    def _tail(path: Path, size: int = 1500) -> str:
        return path.read_text(errors="replace")[-size:] if path.exists() else ""

    # ---------------------------------------------------------------- use
    def run(self, command: str, *args: str, check: bool = True, cwd: Path | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run([command, *args], capture_output=True, text=True, env={**self.env, **(env or {})},
                              cwd=cwd or self.root, timeout=120)
        if check and done.returncode:
            raise RuntimeError(f"{command} {' '.join(args)}: {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    def node_state(self) -> str:
        done = self.run("sinfo", "-h", "-n", self.node, "-o", "%T", check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    def states(self, job: str) -> dict[str, str]:
        """{"<job>_<task>" or "<job>": state} of a job (array tasks one by one), finished ones included."""
        done = self.run("squeue", "-h", "-r", "--states=all", "-j", job, "-o", "%i|%T", check=False)
        return dict(line.split("|", 1) for line in done.stdout.split() if "|" in line)

    def wait_finished(self, job: str, timeout: float) -> dict[str, str]:
        def finished():
            states = self.states(job)
            return states if states and all(s in FINAL for s in states.values()) else None
        return wait_until(finished, timeout, f"Slurm job {job} to finish", interval=1)

    # ---------------------------------------------------------------- tear-down
    def ours(self) -> list[int]:
        """Processes whose environment names this cluster's slurm.conf: its jobs, their steps, their children
        (not the daemons started here, which ``stop`` ends by their own pid)."""
        marker = f"SLURM_CONF={self.conf}".encode()
        daemons = {p.pid for p in self.procs.values()}
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) in daemons or int(entry.name) == os.getpid():
                continue
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                pass
        return found

    def stop(self) -> None:
        if "slurmctld" in self.procs and self.procs["slurmctld"].poll() is None:
            self.run("scancel", "--full", "--user", "root", check=False)
            try:
                wait_until(lambda: not any(s in ("RUNNING", "COMPLETING", "PENDING", "CONFIGURING")
                                           for s in self._all_states()), 60, "the jobs to end", interval=1)
            except TimeoutError:
                pass
        for pid in self.ours():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for name in ("slurmd", "slurmctld", "munged"):
            self._stop_daemon(name)

    def _all_states(self) -> list[str]:
        done = self.run("squeue", "-h", "-r", "-o", "%T", check=False)
        return done.stdout.split()

    def _stop_daemon(self, name: str) -> None:
        process = self.procs.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()
