"""nbgrader's Execute step, run in the sandbox, with a notebook time limit, an output cap and a
kernel that may die: whatever happens, every cell ends with outputs and the run ends.

- a cell gets at most ``cell_seconds`` (nbgrader interrupts it, as stock);
- the notebook gets at most ``notebook_seconds``: once spent, the kernel is killed and every
  remaining cell gets an error output (so its tests score 0);
- a kernel that dies (``os._exit``, out of memory, killed) fails the cell it was running and
  every later cell, with the reason, instead of failing the whole submission;
- text output (prints, text results, tracebacks, display updates) beyond ``output_kb`` per notebook,
  or rich output (figures) beyond ``media_kb``, is dropped and replaced by one note on stdout: nbgrader
  scores a graded cell with any stderr 0, and a cut must not cost points by itself. Errors are kept.

A graded test cell's visible part runs in the kernel as it comes. Before it, the grader restores the
kernel's checking machinery (``kernel_guard.py``); after it, it asks whether the part's last line,
which the grader appends, was reached. A part that did not reach it without showing an error fails
with the grader's own message. The hidden parts run once the whole notebook has run, in the grader's
trusted process, which reaches the student's objects through a data-only channel (``hidden_parts.py``,
docs/trusted-grading.md): they add only the grader's own words, and no hidden input reaches the
student's code before every visible output is made.

``AUTOGRADER_TEST_DEFENCES_OFF=guard,allowlist`` (for the grader's own tests only) switches the kernel
guard and the answer allowlist off, to show that the verdict does not rest on them.
"""
import builtins
import os
import secrets
import threading
import time
import weakref
from pathlib import Path

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Any, Integer

from ..cells import is_graded_test, is_solution, split_hidden
from . import kernel_guard
from .answer_check import is_locked_code, top_level_bindings
from .hidden_parts import CHANNEL_BOOTSTRAP, HiddenParts
from .kernel import SandboxKernelManager
from .sandbox import Sandbox
from .trusted import TrustedProcess, lesson_setup

CURRENT: dict = {}   # the worker's Sandbox, kernel folder, Zygote and TrustedProcess (nbconvert builds this itself)
CUT_NOTE = "\n[출력이 너무 많아 잘랐습니다 / output cut: too much output]\n"
GUARD = "__import__('sys').modules['_autograder_guard']"
ERROR_CHARS, ERROR_LINES = 4000, 60     # of an error's message and of each traceback line; traceback lines
ERRORS_PER_CELL = 20    # one error already fails a test; a kernel can send them without end


def _shorten(output) -> None:
    output["evalue"] = str(output.get("evalue", ""))[:ERROR_CHARS]
    output["traceback"] = [str(line)[:ERROR_CHARS] for line in (output.get("traceback") or [])[:ERROR_LINES]]
BOOTSTRAP = ("import sys as _ag_sys, types as _ag_types\n"
             "_ag_module = _ag_types.ModuleType('_autograder_guard')\n"
             f"exec(compile({Path(kernel_guard.__file__).read_text(encoding='utf-8')!r}, '<autograder-guard>', "
             "'exec'), _ag_module.__dict__)\n"
             "_ag_sys.modules['_autograder_guard'] = _ag_module\n"
             "_ag_module.start(get_ipython())\n"
             "del _ag_sys, _ag_types, _ag_module\n")
_MADE: "weakref.WeakValueDictionary[int, NotebookNode]" = weakref.WeakValueDictionary()  # the grader's own outputs


def error_output(ename: str, ko: str, en: str) -> NotebookNode:
    made = NotebookNode(output_type="error", ename=ename, evalue=f"{ko} / {en}", traceback=[f"{ename}: {ko} / {en}"])
    _MADE[id(made)] = made
    return made


GRADER_ERRORS = {"KernelDied", "CellTimeoutError", "GraderCheckFailed", "TestIncomplete", "HiddenTestFailed"}   # error_output's names


def defences_off() -> set[str]:
    """The in-kernel defences switched off for a test of the grader (never set when grading a class)."""
    return {part.strip() for part in os.environ.get("AUTOGRADER_TEST_DEFENCES_OFF", "").split(",") if part.strip()}


def _builtin_exception(name: str) -> bool:
    value = getattr(builtins, name, None)
    return isinstance(value, type) and issubclass(value, BaseException)


class SandboxExecute(HiddenParts, Execute):
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
        CURRENT["kernel_ready"] = False
        self._guarded = "guard" not in defences_off()
        self._hidden_reset()
        self._done: set[int] = set()   # the cells that have run (their hidden parts may still wait)
        self._last_index = len(nb.cells) - 1
        self._nb_for_setup = nb
        self._shadowing = sorted({name for cell in nb.cells if cell.cell_type == "code" and is_solution(cell)
                                  for name in top_level_bindings(cell.source)[0] if hasattr(builtins, name)})
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
                self._dead_reason = self._dead_reason or ("커널이 죽었습니다", "the kernel died")
                self._fail_deferred()
                # died while starting or between cells: fail every cell that has no outputs yet. Once every cell
                # has run, a death (the hidden parts ask the kernel last) fails only the hidden parts not decided
                # (``_fail_deferred``): a cell that passed shows nothing, and keeps its pass
                for cell in (nb.cells if self._last_index not in self._done else []):
                    if cell.cell_type == "code" and not cell.get("outputs"):
                        cell.outputs = [error_output("KernelDied", *self._dead_reason)]
                return nb, resources
        finally:
            self._fail_deferred()
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

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        CURRENT["kernel_ready"] = True    # what the grader saw: the kernel answered kernel_info
        seal = getattr(self.km, "seal_sockets", None)
        if seal is not None:
            seal()
        if self._guarded:
            await self._quiet(BOOTSTRAP)
        await self._quiet(CHANNEL_BOOTSTRAP)
        return kc

    start_new_kernel_client = run_sync(async_start_new_kernel_client)   # nbclient's sync setup calls this one

    async def _quiet(self, code: str, expressions: dict | None = None):
        """Run ``code`` silently (no history, no outputs kept) and return the reply."""
        msg_id = await ensure_async(self.kc.execute(code, silent=True, store_history=False, allow_stdin=False,
                                                    user_expressions=expressions or {}, stop_on_error=False))
        return await self.async_wait_for_reply(msg_id)

    def _ask(self, expression: str) -> str | None:
        """The text of ``expression`` evaluated in the kernel through ``user_expressions``, or None
        (``self._busy`` is set when the kernel did not answer within the cell time limit)."""
        self._busy = False
        try:
            reply = run_sync(self._quiet)("", {"q": expression})
        except (CellTimeoutError, TimeoutError):
            reply = None
        if reply is None:       # no reply in time (nbclient interrupts the kernel and gives up waiting)
            self._busy = True
            return None
        value = ((reply or {}).get("content") or {}).get("user_expressions", {}).get("q", {})
        return value.get("data", {}).get("text/plain") if value.get("status") == "ok" else None

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

    def _fail_deferred(self) -> None:
        """Hidden parts that never ran (the kernel died between cells): each fails its cell."""
        for cell, _, _, _ in self._deferred:
            cell.outputs = list(cell.get("outputs", [])) + [error_output(
                "KernelDied", *(self._dead_reason or ("커널이 죽었습니다", "the kernel died")))]
        self._deferred = []

    def _trusted_process(self) -> TrustedProcess:
        """The worker's warm trusted process for this chapter, or one of this run's own."""
        trusted = CURRENT.get("trusted")
        if trusted is None:
            folder = Path(str(self.work_dir or CURRENT.get("work_dir", "") or "/tmp")) / f"trusted-{secrets.token_hex(4)}"
            sandbox = CURRENT.get("trusted_sandbox") or (self.sandbox or CURRENT.get("sandbox") or Sandbox()).for_trusted()
            trusted = self._own_trusted = TrustedProcess(sandbox, folder, lesson_setup(self._nb_for_setup))
        return trusted

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            self._check_assign_resources(resources)
            if is_graded_test(cell):
                cell.outputs = self._run_test(cell, index)
            else:
                self._execute(cell, index, store_history=True)
                if is_locked_code(cell) and self._dead_reason is None and self._guarded:
                    names, modules = top_level_bindings(cell.source)
                    self._ask(f"{GUARD}.keep({names!r}, {modules!r})")
            self.nb.cells[index] = cell
        self._done.add(index)
        if index == self._last_index:
            try:
                self._run_deferred(error_output)
            finally:
                own = getattr(self, "_own_trusted", None)
                if own is not None:
                    own.stop()
                    self._own_trusted = None
        return cell, resources

    def _execute(self, cell, index: int, store_history: bool) -> None:
        """Run one cell; a dead kernel or a timeout ends as an error output of the grader's own."""
        if self._dead_reason is not None:
            cell.outputs = [error_output("KernelDied", *self._dead_reason)]
            return
        try:
            self.execute_cell(cell, index, store_history=store_history)
        except DeadKernelError:
            if self._dead_reason is None:
                self._dead_reason = ("커널이 죽었습니다(os._exit, 메모리 부족 또는 강제 종료)",
                                     "the kernel died (os._exit, out of memory or killed)")
            cell.outputs = list(cell.get("outputs", [])) + [error_output("KernelDied", *self._dead_reason)]
        except CellTimeoutError:
            cell.outputs = list(cell.get("outputs", [])) + [error_output(
                "CellTimeoutError", f"셀 시간 제한({self.timeout}초)을 넘었습니다",
                f"cell time limit ({self.timeout} s) exceeded")]

    def _run_test(self, cell, index: int) -> list:
        """The visible part now; the hidden part once the notebook has run (``HiddenParts``)."""
        visible, hidden = split_hidden(cell.source)
        outputs = []
        for source, is_hidden in ((visible, False), (hidden, True)):
            if not source.strip():
                continue
            if is_hidden:
                self._defer_hidden(cell, index, visible, hidden)
                break
            if self._dead_reason is not None:
                outputs.append(error_output("KernelDied", *self._dead_reason))
                break
            if not self._guarded:
                part = NotebookNode(cell_type="code", id=cell.get("id"), metadata=cell.metadata, outputs=[],
                                    execution_count=None, source=source)
                self._execute(part, index, store_history=True)
                cell.execution_count = part.get("execution_count")
                outputs += list(part.outputs)
                continue
            token = secrets.token_hex(8)
            if self._ask(f"{GUARD}.restore({token!r}, {self._shadowing!r})") != repr(kernel_guard.answer("restored", token)):
                outputs.append(error_output("CellTimeoutError", f"커널이 시간 제한({self.timeout}초) 안에 답하지 않았습니다",
                                            f"the kernel did not answer within the time limit ({self.timeout} s)")
                               if self._busy else
                               error_output("GraderCheckFailed", "채점기가 커널의 검사 상태를 되돌리지 못했습니다(답의 스레드가 "
                                            "돌고 있거나 검사 장치가 바뀜)", "the grader could not restore the kernel's "
                                            "checking state (a thread of the answers runs, or the checks were changed)"))
                break
            part = NotebookNode(cell_type="code", id=cell.get("id"), metadata=cell.metadata, outputs=[],
                                execution_count=None, source=f"{source.rstrip()}\n{GUARD}.mark({token!r})\n")
            self._execute(part, index, store_history=True)
            produced = list(part.outputs)
            cell.execution_count = part.get("execution_count")
            outputs += produced
            if self._dead_reason is None and not any(o.get("output_type") == "error" for o in produced) \
                    and self._ask(f"{GUARD}.seen({token!r})") != repr(kernel_guard.answer("seen", token, True)):
                outputs.append(error_output("TestIncomplete", "테스트가 끝까지 실행되지 않았거나, 실행 중에 "
                                            "라이브러리가 바뀌었습니다", "the test did not run to its end, or a "
                                            "library was changed while it ran"))
        return outputs

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)   # nbgrader adds the reply's error when none was shown
        for output in kwargs["cell"].outputs:
            if output.get("output_type") == "error":
                _shorten(output)

    def _count(self, content: dict) -> bool:
        """Add a message's size to the notebook's totals; True once a total is over its cap."""
        data = content.get("data", {}) or {}
        self._output_bytes += len(str(content.get("text", ""))) + len(str(data.get("text/plain", ""))) \
            + sum(len(line) for line in content.get("traceback", []) or [])
        self._media_bytes += sum(len(str(v)) for k, v in data.items() if k != "text/plain")
        return self._output_bytes > self.output_limit or self._media_bytes > self.media_limit

    def _update_display_id(self, display_id, msg):
        if msg["header"]["msg_type"] == "update_display_data" and self._count(msg.get("content", {})):
            return    # an update past the cap changes nothing
        return super()._update_display_id(display_id, msg)

    def output(self, outs, msg, display_id, cell_index):
        if msg["msg_type"] == "error":   # kept (it decides the grade), never large, and never many
            _shorten(msg["content"])
            errors = sum(o.get("output_type") == "error" for o in outs)
            if errors >= ERRORS_PER_CELL or errors and self._output_bytes > self.output_limit:
                return None     # past the cap, one error per cell is enough to fail it
        over = self._count(msg.get("content", {}))
        if over and msg["msg_type"] != "error":
            if not self._cut:
                self._cut = True
                outs.append(NotebookNode(output_type="stream", name="stdout", text=CUT_NOTE))
            return None
        return super().output(outs, msg, display_id, cell_index)
