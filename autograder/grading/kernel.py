"""A Jupyter kernel manager whose kernels start inside the sandbox.

The kernel talks to the grader over Unix sockets (ZeroMQ ``ipc`` transport) in a short-named
folder of the worker's space (``worker_space.py``, a size-limited tmpfs) bound into the sandbox,
since the sandbox has no network; once the kernel has bound them the folder is sealed. Each kernel
gets a fresh scratch folder there, removed with everything in it when the kernel is shut down.

With a usable ``Zygote`` (warm kernels, see ``zygote.py``) the kernel is forked from the worker's
zygote instead of started; if that fails, it is started the ordinary way.
"""
import os
import shutil
import signal
import subprocess
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Any, Unicode

from .sandbox import Sandbox


class SandboxKernelManager(AsyncKernelManager):
    sandbox = Any(None, help="the Sandbox the kernel runs in").tag(config=False)
    work_dir = Unicode("", help="folder for sockets and scratch folders").tag(config=False)
    zygote = Any(None, help="the worker's Zygote, or None: start every kernel from scratch").tag(config=False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sandbox = self.sandbox or Sandbox()
        base = Path(self.work_dir or "/tmp/autograder-kernels")
        token = uuid.uuid4().hex[:12]
        # a Unix socket's path may not exceed 107 bytes, whatever folder the grader writes to: keep it short
        warm = self.zygote is not None and self.zygote.usable
        self._sockets = (self.zygote.sockets_root if warm else base) / f"agk-{token}"
        self._scratch = base / f"scratch-{token}"
        self.sandbox.prepare_dir(self._sockets)
        self.sandbox.prepare_dir(self._scratch)
        # signals do not cross into the sandbox's own session: interrupt through the control channel
        self.kernel_spec.interrupt_mode = "message"
        self.transport = "ipc"
        self.connection_file = str(self._sockets / "kernel.json")
        self.ip = str(self._sockets / "k")

    def format_kernel_cmd(self, extra_arguments=None):
        argv = super().format_kernel_cmd(extra_arguments)
        return self.sandbox.command(argv, self._scratch, self._sockets)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        os.chmod(self.connection_file, 0o644)   # the sandbox user must read it; the folder is private
        if self.sandbox.active and self.sandbox.uid() is not None:
            os.chown(self.connection_file, self.sandbox.uid(), self.sandbox.uid())
        kw["cwd"] = str(self._scratch)
        kw["stdout"] = kw["stderr"] = subprocess.DEVNULL   # the kernel's own chatter is not feedback
        kw.pop("env", None)
        kw["env"] = {**os.environ, **self.sandbox.env(str(self._scratch))} if not self.sandbox.active else dict(os.environ)
        if self.zygote is not None and self.zygote.usable:
            try:
                link = self.zygote.kernel_socket(self.connection_file, self._sockets)
            except Exception:
                link = None    # the zygote is broken (it says why): start this kernel the ordinary way
            if link is not None:
                with link:
                    kw["pass_fds"] = (link.fileno(),)
                    return await super()._async_launch_kernel(self.zygote.proxy_command(link.fileno()), **kw)
        self.sandbox.seed_matplotlib_cache(self._scratch / ".matplotlib")
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    def seal_sockets(self) -> None:
        """Once the kernel has bound its sockets: its socket folder becomes root's and read-only to it,
        so that student code cannot fill it (it is bound into the sandbox from the grader's side)."""
        if self.sandbox.active and self.sandbox.uid() is not None:
            os.chown(self._sockets, 0, 0)
            os.chmod(self._sockets, 0o755)

    def kill_everything(self) -> None:
        """Kill the kernel's whole process group (its own session: --new-session / start_new_session)."""
        provisioner = self.provisioner
        process = getattr(provisioner, "process", None) if provisioner else None
        if process is not None and process.poll() is None:
            try:
                os.killpg(os.getpgid(process.pid), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart)
        if not restart:
            self.remove_folders()

    cleanup_resources = _async_cleanup_resources

    def remove_folders(self) -> None:
        for folder in (self._sockets, self._scratch):
            shutil.rmtree(folder, ignore_errors=True)
