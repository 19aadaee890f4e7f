"""nbgrader's Execute step, run in the sandbox, with a notebook time limit, an output cap and a
kernel that may die: whatever happens, every cell ends with outputs and the run ends.

- a cell gets at most ``cell_seconds`` (nbgrader interrupts it, as stock);
- the notebook gets at most ``notebook_seconds``: once spent, the kernel is killed and every
  remaining cell gets an error output (so its tests score 0);
- a kernel that dies (``os._exit``, out of memory, killed) fails the cell it was running and
  every later cell, with the reason, instead of failing the whole submission;
- text output (prints, text results, tracebacks) beyond ``output_kb`` per notebook, or rich output
  (figures) beyond ``media_kb``, is dropped and replaced by one note on stdout: nbgrader scores a
  graded cell with any stderr 0, and a cut must not cost points by itself. Errors are always kept.
"""
import threading
import time

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Any, Integer

from .kernel import SandboxKernelManager
from .sandbox import Sandbox

CURRENT: dict = {}   # the worker's Sandbox, kernel folder and Zygote (nbconvert builds this preprocessor itself)
CUT_NOTE = "\n[출력이 너무 많아 잘랐습니다 / output cut: too much output]\n"


def error_output(ename: str, ko: str, en: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=f"{ko} / {en}",
                        traceback=[f"{ename}: {ko} / {en}"])


class SandboxExecute(Execute):
    sandbox = Any(None).tag(config=False)
    work_dir = Any("").tag(config=False)
    notebook_timeout = Integer(600).tag(config=True)
    output_limit = Integer(512 * 1024).tag(config=True)
    media_limit = Integer(16 * 1024 * 1024).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)

    # -- the kernel -------------------------------------------------------------------------
    def create_kernel_manager(self):
        self.km = self._own_km = SandboxKernelManager(
            kernel_name=self.kernel_name or "python3", sandbox=self.sandbox or CURRENT.get("sandbox") or Sandbox(),
            work_dir=str(self.work_dir or CURRENT.get("work_dir", "")), zygote=CURRENT.get("zygote"))
        return self.km

    # -- the run ----------------------------------------------------------------------------
    def preprocess(self, nb, resources=None, km=None):
        self._deadline = time.monotonic() + self.notebook_timeout
        self._dead_reason = None
        self._output_bytes = 0
        self._media_bytes = 0
        self._cut = False
        self._own_km = None
        self.timeout_func = self._cell_timeout
        self._watchdog_stop = threading.Event()
        watchdog = threading.Thread(target=self._watchdog, daemon=True)
        watchdog.start()
        try:
            try:
                return super().preprocess(nb, resources, km)
            except DeadKernelError:
                # died while starting or between cells: fail every cell that has no outputs yet
                self._dead_reason = self._dead_reason or ("커널이 죽었습니다", "the kernel died")
                for cell in nb.cells:
                    if cell.cell_type == "code" and not cell.get("outputs"):
                        cell.outputs = [error_output("KernelDied", *self._dead_reason)]
                return nb, resources
        finally:
            self._watchdog_stop.set()
            if self._own_km is not None:
                self._own_km.kill_everything()
                self._own_km.remove_folders()
                self._close_sockets(self._own_km)

    @staticmethod
    def _close_sockets(km) -> None:
        """Close the kernel's ZeroMQ sockets now, dropping unsent messages: left to the garbage collector,
        a socket with a message for a dead kernel makes ``Context.term()`` wait forever, and the worker
        hangs in whatever code the collector happened to interrupt."""
        context = getattr(km, "context", None) if km._trait_values.get("context") is not None else None
        if context is not None and not context.closed:
            context.destroy(linger=0)

    def _cell_timeout(self, cell):
        return max(1, min(self.timeout, int(self._deadline - time.monotonic()) + 1))

    def _watchdog(self):
        """Kill the kernel when the notebook's time is up (an interrupt may be ignored)."""
        while not self._watchdog_stop.wait(0.5):
            if time.monotonic() > self._deadline + 2 and self._own_km is not None:
                self._dead_reason = (f"노트북 시간 제한({self.notebook_timeout}초)을 넘었습니다",
                                     f"notebook time limit ({self.notebook_timeout} s) exceeded")
                self._own_km.kill_everything()
                return

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._dead_reason is not None:
            cell.outputs = [error_output("KernelDied", *self._dead_reason)]
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            if self._dead_reason is None:
                self._dead_reason = ("커널이 죽었습니다(os._exit, 메모리 부족 또는 강제 종료)",
                                     "the kernel died (os._exit, out of memory or killed)")
            cell.outputs = list(cell.get("outputs", [])) + [error_output("KernelDied", *self._dead_reason)]
            return cell, resources
        except CellTimeoutError:
            cell.outputs = list(cell.get("outputs", [])) + [error_output(
                "CellTimeoutError", f"셀 시간 제한({self.timeout}초)을 넘었습니다",
                f"cell time limit ({self.timeout} s) exceeded")]
            return cell, resources

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        data = content.get("data", {})
        self._output_bytes += len(str(content.get("text", ""))) + len(str(data.get("text/plain", ""))) \
            + sum(len(line) for line in content.get("traceback", []))
        self._media_bytes += sum(len(str(v)) for k, v in data.items() if k != "text/plain")
        over = self._output_bytes > self.output_limit or self._media_bytes > self.media_limit
        if over and msg["msg_type"] != "error":
            if not self._cut:
                self._cut = True
                outs.append(NotebookNode(output_type="stream", name="stdout", text=CUT_NOTE))
            return None
        return super().output(outs, msg, display_id, cell_index)
