"""A kernel manager that talks to its kernel over Unix sockets (ZeroMQ ``ipc``), never TCP.

TCP means picking free ports, which races on a busy machine ("Address already in use") and makes
each kernel warn that its traffic is unencrypted. Every kernel this project starts (audit, book,
grading: see ``grading/kernel.py``) uses IPC sockets in a private, short-named folder of its own,
removed when the kernel is shut down.
"""
import shutil
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager


class IPCKernelManager(AsyncKernelManager):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # short: a Unix socket's path may not exceed 107 bytes
        self._socket_dir = Path(tempfile.mkdtemp(prefix="agi-"))
        self.transport = "ipc"
        self.ip = str(self._socket_dir / "k")
        self.connection_file = str(self._socket_dir / "kernel.json")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart)
        if not restart:
            shutil.rmtree(self._socket_dir, ignore_errors=True)

    cleanup_resources = _async_cleanup_resources
