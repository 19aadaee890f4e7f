"""Warm kernels: the worker's side of the zygote (see ``zygote_main.py``, which runs in the sandbox).

Starting a kernel costs a Python start, ipykernel's imports and the notebook's own imports (about
1 s, and 4 s with TensorFlow), every time. A worker instead starts one zygote in its sandbox that has
imported all of that, and each kernel is a fork of it in fresh namespaces of its own. To
jupyter_client the kernel's process is a small proxy (``PROXY``) that holds the kernel's socket to
the zygote and exits with the kernel: killing the proxy kills the kernel's namespace.

Used only with bubblewrap. If the zygote cannot start, cannot make namespaces, or dies, kernels are
started the ordinary way (``Zygote.usable`` is False, ``Zygote.problem`` says why).
"""
import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path


from .sandbox import Sandbox

SOURCE = Path(__file__).parent / "zygote_main.py"
SOURCE_INSIDE = "/run/autograder-zygote.py"   # the one file of the repository the sandbox sees
PROXY = ("import socket,sys\n"
         "s=socket.socket(fileno=int(sys.argv[1]))\n"
         "d=b''\n"
         "while True:\n"
         "    c=s.recv(64)\n"
         "    if not c: break\n"
         "    d+=c\n"
         "code=int(d or b'70')\n"
         "sys.exit(code if code >= 0 else 128 - code)\n")
READY_SECONDS = 180
KERNEL_DATA = "/run/keras-datasets"


def modules_imported_by(notebooks: list[Path]) -> list[str]:
    """Modules the notebooks import that this Python has (the zygote preloads them)."""
    from ..course.chapter_deps import imports
    names = {name for path in notebooks for name in imports(path)}
    return sorted(n for n in names if importlib.util.find_spec(n.split(".")[0]) is not None)


class Zygote:
    def __init__(self, sandbox: Sandbox, folder: Path, preload: list[str], scratch_mb: int = 256,
                 sockets_parent: Path | None = None):
        self.sandbox, self.preload, self.scratch_mb = sandbox, preload, scratch_mb
        folder.mkdir(parents=True, exist_ok=True)
        self.home = folder / "home"      # a kernel sees its own empty tmpfs here, never this folder
        self.log = folder / "zygote.log"
        # short: a Unix socket's path may not exceed 107 bytes
        self.sockets_root = (sockets_parent or Path(tempfile.gettempdir())) / f"agz-{uuid.uuid4().hex[:10]}"
        self.process: subprocess.Popen | None = None
        self.control: socket.socket | None = None
        self.problem = "" if sandbox.active else "no bubblewrap"
        self.starts = 0

    @property
    def usable(self) -> bool:
        return not self.problem

    def _start(self) -> None:
        self.starts += 1
        self.sockets_root.mkdir(mode=0o755, exist_ok=True)   # root's: the sandbox user cannot add or remove here
        self.sandbox.prepare_dir(self.home)
        self.sandbox.seed_matplotlib_cache(self.home / ".matplotlib")
        ours, theirs = socket.socketpair()
        argv = [sys.executable, "-s", SOURCE_INSIDE, str(theirs.fileno()), ",".join(self.preload), str(self.scratch_mb)]
        extra = [(SOURCE, SOURCE_INSIDE), (Path.home() / ".keras" / "datasets", KERNEL_DATA)]
        cmd = self.sandbox.command(argv, self.home, self.sockets_root, extra_ro=extra)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(cmd, pass_fds=[theirs.fileno()], cwd=self.home, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=log, start_new_session=True)
        theirs.close()
        ours.settimeout(READY_SECONDS)
        try:
            ready = ours.recv(16)
        except OSError:
            ready = b""
        if ready != b"ready\n":
            self._end_process()
            raise RuntimeError(f"the zygote did not start: {self._stderr()}")
        ours.settimeout(None)
        self.control = ours

    def _stderr(self) -> str:
        try:
            return self.log.read_text(errors="replace").strip()[-300:]
        except OSError:
            return ""

    def kernel_socket(self, connection_file: str, sockets: Path) -> socket.socket:
        """Ask for a kernel; the returned socket is the proxy's end (closes when the kernel is gone)."""
        if self.process is None or self.process.poll() is not None:
            if self.starts >= 3:
                self.problem = "the zygote keeps dying"
                raise RuntimeError(self.problem)
            try:
                self._start()
            except Exception as error:
                self.problem = str(error)
                raise
        ours, theirs = socket.socketpair()
        line = json.dumps({"connection_file": connection_file, "sockets": str(sockets),
                           "home": str(self.home)}) + "\n"
        try:
            socket.send_fds(self.control, [line.encode()], [theirs.fileno()])
        finally:
            theirs.close()
        return ours

    def alive(self) -> bool:
        return self.process is None or self.process.poll() is None   # not started yet counts as alive

    def proxy_command(self, fd: int) -> list[str]:
        return [sys.executable, "-S", "-c", PROXY, str(fd)]

    def _end_process(self) -> None:
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        """At the worker's end (the kernels' socket folders live under ``sockets_root``)."""
        self._end_process()
        shutil.rmtree(self.sockets_root, ignore_errors=True)
