"""Run one chapter's audit variants in a process that forks at each exercise instead of starting over.

``python -m autograder.course.audit_runner PLAN RESULT`` reads a plan (JSON, written by ``audit.py``):

    {"cells": [source, ...],                       the reference notebook, test cells split visible | hidden
     "branches": [{"name": ..., "at": p, "replace": {"p": source, ...}, "stop": q}, ...],
     "timeout": seconds per cell, "preload": [module, ...],
     "hidden": {"p": [test cell index, the test's visible part], ...}, "setup": [the lesson's setup, ...]}

and executes ``cells`` top to bottom with IPython (the machinery a Jupyter kernel runs cells with). Before cell
``p`` it forks once per branch that starts there: the child runs the branch's cells ``p … stop`` (its
replacements in place of the reference's) and reports which raised, while the parent waits for it and goes on
with the reference. A variant for exercise 5 thus starts from the state the reference reached after exercise 4,
which is the state a fresh run would reach, since every cell before ``p`` is the reference's own.

A fork is taken only while it is safe: a forked child has none of its parent's threads, and TensorFlow's runtime,
once started, leaves such a child hanging at its first operation that needs them. So the runner keeps an idle
fork of itself (a ``Reserve``) from before each cell while TensorFlow has not started; from the cell that starts
it on, the branches that start at one cell run in one fork of that reserve, which runs the reference's cells from
there to that cell once and then each branch in turn, putting the names, the random generators and the channel
back after each (the imports and data loading before it are still paid once). A branch that changed an array the
notebook held before it (``_fingerprint``) ends the group: the branches after it each run in a fork of their own,
as does a branch of a group that did not finish. A child that does not finish in time is reported ``fresh``, and
the audit runs that variant from the top in a process of its own: a hang costs time, never a wrong verdict.

Hidden parts are decided as graded (issue 24, docs/trusted-grading.md): a cell listed in ``hidden`` does not run
here. The runner keeps the notebook's names at that point (the grader's channel, ``channel_kernel.snapshot``) and,
once the variant's cells have run, each such part runs in the grader's trusted process, started once with the
lesson's setup (``setup``) and forked by itself for each variant, which reaches the variant's objects only
through ``channel_kernel.serve``, with data. So a variant is the student's side and serves the channel in
process (no kernel, no socket); the verdict is the trusted process's, exactly as when grading.

The result (JSON): ``{"spine": {p: [ename, evalue]}, "branches": {name: {p: [ename, evalue]} | "fresh"}}``."""
import json
import os
import signal
import sys
import tempfile
import time
import types
from pathlib import Path

from autograder.grading.trusted import PROGRAM, TrustedError, TrustedProcess

HERE = Path(__file__).resolve().parent.parent / "grading"
_state: dict = {"trusted": None, "channel": None, "deferred": []}


class CellTimeout(Exception):
    pass


def _tensorflow_started() -> bool:
    if "tensorflow" not in sys.modules:
        return False
    from tensorflow.python.eager import context
    return context._context is not None and context._context._context_handle is not None


def _fork_safe() -> bool:
    """Only before TensorFlow's runtime has started: after it, a forked child can hang at its first operation
    (seen with Keras' ``predict`` and ``fit``, even with one thread per pool), and a thread count does not tell."""
    return not _tensorflow_started()


def _shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config
    config = Config()
    config.HistoryManager.enabled = False   # no sqlite file shared by forked children
    shell = InteractiveShell.instance(config=config)
    # The audit reads an error's type and message from the exception itself; formatting the traceback (IPython's
    # stack_data, highlighting every frame) took seconds per failing cell, most of a wrong answer's run.
    shell.showtraceback = lambda *args, **kwargs: None
    shell.showsyntaxerror = lambda *args, **kwargs: None
    shell._format_exception_for_storage = lambda *args, **kwargs: {}
    return shell


def _on_alarm(signum, frame):
    raise CellTimeout("cell timed out")


def run_cell(shell, source: str, timeout: int) -> tuple[str, str] | None:
    """(ename, evalue) of the error the cell raised, or None."""
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(timeout)
    try:
        result = shell.run_cell(source, store_history=True)
    finally:
        signal.alarm(0)
    error = result.error_before_exec or result.error_in_exec
    if error is None:
        return None
    return type(error).__name__, str(error)[:500]


class _Forked:
    """What ``TrustedProcess`` needs of a ``Popen``, for a process this one forked."""

    def __init__(self, pid: int, stdin, stdout):
        self.pid, self.stdin, self.stdout, self.returncode = pid, stdin, stdout, None

    def poll(self):
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                pid, status = self.pid, 0
            if pid:
                self.returncode = status
        return self.returncode

    def wait(self):
        if self.returncode is None:
            try:
                self.returncode = os.waitpid(self.pid, 0)[1]
            except ChildProcessError:
                self.returncode = 0
        return self.returncode

    def kill(self):
        os.kill(self.pid, signal.SIGKILL)


class ForkedTrustedProcess(TrustedProcess):
    """The grader's trusted program (``trusted_main``, the same text the grader runs), in a fork of this runner
    taken before any cell ran: the libraries the runner preloaded are its own at no cost, where a fresh
    interpreter would import them again beside the runner (most of a small chapter's audit time)."""

    def _spawn(self, home: Path, sockets: Path):
        home.mkdir(parents=True, exist_ok=True)
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        log = os.open(self.folder / "trusted.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:   # the trusted process: never returns
            try:
                os.setsid()
                os.dup2(to_child, 0)
                os.dup2(from_child, 1)
                os.dup2(log, 2)
                for fd in (to_child, from_parent, to_parent, from_child, log):
                    os.close(fd)
                os.chdir(home)
                os.environ.update(HOME=str(home), TMPDIR=str(home))
                exec(compile(PROGRAM, "<trusted>", "exec"), {"__name__": "__main__"})
            finally:
                os._exit(0)
        for fd in (to_child, from_child, log):
            os.close(fd)
        return _Forked(pid, os.fdopen(from_parent, "wb"), os.fdopen(to_parent, "rb"))


def _channel(shell):
    """The grader's channel module, serving the shell's names (what ``hidden_parts.CHANNEL_BOOTSTRAP`` is in a kernel)."""
    module = types.ModuleType("_autograder_channel")
    text = (HERE / "channel_codec.py").read_text(encoding="utf-8") + "\n" + \
        (HERE / "channel_kernel.py").read_text(encoding="utf-8")
    exec(compile(text, "<autograder-channel>", "exec"), module.__dict__)
    module.get_ipython = lambda: shell
    sys.modules["_autograder_channel"] = module
    return module


def run_cells(shell, cells: list[str], start: int, stop: int, replace: dict[int, str],
              timeout: int, hidden: dict | None = None) -> dict[int, tuple[str, str]]:
    """Run cells ``start … stop``; a hidden part (``hidden``) is only kept for ``decide_hidden``."""
    errors = {}
    hidden = hidden or {}
    for position in range(start, stop + 1):
        if str(position) in hidden:
            test_index, visible = hidden[str(position)]
            _state["channel"].snapshot(test_index)
            _state["deferred"].append((position, test_index, visible, replace.get(position, cells[position])))
            continue
        error = run_cell(shell, replace.get(position, cells[position]), timeout)
        if error:
            errors[position] = error
    return errors


def decide_hidden(from_position: int, timeout: int) -> dict[int, tuple[str, str]]:
    """The kept hidden parts from ``from_position`` on, each decided in a fresh fork of the trusted process."""
    chosen = [d for d in _state["deferred"] if d[0] >= from_position]
    _state["deferred"] = []
    if not chosen:
        return {}
    errors = {}
    trusted = _state["trusted"]
    try:
        trusted.begin()
    except TrustedError as error:
        return {position: ("GraderCheckFailed", f"the trusted process: {error}") for position, *_ in chosen}
    serve = _state["channel"].serve
    try:
        for position, test_index, visible, code in chosen:
            deadline = time.monotonic() + timeout

            def ask(text, deadline=deadline):
                if time.monotonic() > deadline:
                    return False, "timeout"
                return True, serve(text)

            signal.signal(signal.SIGALRM, _on_alarm)
            signal.alarm(timeout)
            try:
                verdict = trusted.run(test_index, visible, code, ask, timeout)
            except TrustedError as error:
                verdict = None
                errors[position] = ("GraderCheckFailed", f"the trusted process: {error}")
                break
            except CellTimeout:
                verdict = None
                errors[position] = ("CellTimeoutError", "a hidden test did not finish in time")
                break
            finally:
                signal.alarm(0)
            if not verdict.passed:
                errors[position] = (verdict.ename or "HiddenTestFailed", f"a hidden test failed ({verdict.why})")
        else:
            trusted.end()
            return errors
    except BaseException:
        trusted.stop()
        raise
    trusted.stop()   # a conversation cut short: the next user starts the trusted process again
    return errors


def _child_result(pid: int, out: str, seconds: int):
    """Wait up to ``seconds`` for the forked child ``pid`` (killed after them) and return what it wrote to
    ``out`` (removed), or None when it did not finish cleanly."""
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(seconds)
    try:
        _, status = os.waitpid(pid, 0)
    except CellTimeout:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        status = -1
    finally:
        signal.alarm(0)
    if status != 0 and _state["trusted"] is not None:
        _state["trusted"].stop()   # the child may have left it in the middle of a conversation
    try:
        if status != 0:
            return None
        with open(out) as f:
            return json.load(f)
    finally:
        os.unlink(out)


def _branch_in_child(shell, plan: dict, branch: dict, start: int, deadline: int) -> dict | str:
    """Fork; the child runs the reference's cells ``start … at-1`` and then ``branch``'s cells up to its stop.
    Returns the child's errors, or "fresh" when it did not finish."""
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as handle:
        out = handle.name
    pid = os.fork()
    if pid == 0:   # the child: never returns
        code = 1
        try:
            replace = {int(k): v for k, v in branch["replace"].items()}
            errors = run_cells(shell, plan["cells"], start, branch["stop"], replace, plan["timeout"],
                               plan.get("hidden"))
            errors.update(decide_hidden(branch["at"], plan["timeout"]))
            with open(out, "w") as f:
                json.dump({str(k): v for k, v in errors.items() if k >= branch["at"]}, f)
            code = 0
        finally:
            sys.stdout.flush()
            os._exit(code)
    result = _child_result(pid, out, deadline)
    return "fresh" if result is None else result


def _fingerprint(names: dict) -> str:
    """A digest of the arrays the notebook's names hold (an array, the arrays in a list, tuple or dict, and
    those an object keeps in its attributes or in a dict attribute such as ``params``): what a variant run
    after another one in the same process must find unchanged."""
    import hashlib
    import numpy as np
    h = hashlib.blake2b(digest_size=16)

    def arrays(value, depth=0):
        if type(value) is np.ndarray:
            yield value
        elif depth < 2 and isinstance(value, (list, tuple)) and len(value) <= 1000:
            for item in value:
                yield from arrays(item, depth + 1)
        elif depth < 2 and isinstance(value, dict) and len(value) <= 1000:
            for item in list(value.values()):
                yield from arrays(item, depth + 1)
        elif depth == 0 and isinstance(getattr(value, "__dict__", None), dict) and not isinstance(value, type):
            for item in list(vars(value).values()):
                yield from arrays(item, depth + 1)

    for name in sorted(n for n in names if not n.startswith("_")):
        for array in arrays(names[name]):
            h.update(name.encode() + array.dtype.str.encode() + repr(array.shape).encode())
            h.update(np.ascontiguousarray(array).data if array.size else b"")
    return h.hexdigest()


def _group_in_child(shell, plan: dict, group: list[dict], start: int, deadline: int) -> dict:
    """Fork; the child runs the reference's cells ``start … at-1`` once (the branches of ``group`` all start at
    ``at``), then each branch in turn from that state: its cells up to its stop and its hidden parts, after
    which the names, the random generators and the channel are put back as they were. A branch that changed
    an array the notebook held before it (``_fingerprint``) could have changed what the next one sees: the
    branches after it are "fresh" and each runs on its own. Returns {name: errors or "fresh"}."""
    import random
    import numpy as np
    at = group[0]["at"]
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as handle:
        out = handle.name
    pid = os.fork()
    if pid == 0:   # the child: never returns
        code = 1
        try:
            results = {branch["name"]: "fresh" for branch in group}
            run_cells(shell, plan["cells"], start, at - 1, {}, plan["timeout"], plan.get("hidden"))
            _state["deferred"] = []
            names = dict(shell.user_ns)
            before = _fingerprint(names)
            generators = np.random.get_state(), random.getstate()
            for branch in group:
                _state["channel"] = _channel(shell)   # no snapshot or mirror of the branch before
                replace = {int(k): v for k, v in branch["replace"].items()}
                errors = run_cells(shell, plan["cells"], at, branch["stop"], replace, plan["timeout"],
                                   plan.get("hidden"))
                errors.update(decide_hidden(at, plan["timeout"]))
                results[branch["name"]] = {str(k): v for k, v in errors.items() if k >= at}
                shell.user_ns.clear()
                shell.user_ns.update(names)
                np.random.set_state(generators[0])
                random.setstate(generators[1])
                if _fingerprint(shell.user_ns) != before:
                    break
            with open(out, "w") as f:
                json.dump(results, f)
            code = 0
        finally:
            sys.stdout.flush()
            os._exit(code)
    result = _child_result(pid, out, deadline * len(group))
    return {branch["name"]: "fresh" for branch in group} if result is None else result


class Reserve:
    """An idle fork of the runner holding the state before cell ``position``, taken while a fork was still
    safe. Once TensorFlow has started in the runner, a branch runs in a fork of the reserve instead: from
    ``position``, through the reference's cells, to its own. Its errors before ``at`` are the reference's."""

    def __init__(self, shell, plan: dict, position: int, deadline: int):
        commands_in, commands_out = os.pipe()
        replies_in, replies_out = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(commands_out)
            os.close(replies_in)
            code = 1
            try:
                with os.fdopen(commands_in) as commands, os.fdopen(replies_out, "w") as replies:
                    for line in commands:
                        command = json.loads(line)
                        if "group" in command:
                            result = _group_in_child(shell, plan, command["group"], position, deadline)
                        else:
                            result = _branch_in_child(shell, plan, command, position, deadline)
                        replies.write(json.dumps(result) + "\n")
                        replies.flush()
                code = 0
            finally:
                os._exit(code)
        os.close(commands_in)
        os.close(replies_out)
        self.pid, self.position = pid, position
        self.commands, self.replies = os.fdopen(commands_out, "w"), os.fdopen(replies_in)

    def run(self, branch: dict) -> dict | str:
        try:
            self.commands.write(json.dumps(branch) + "\n")
            self.commands.flush()
        except BrokenPipeError:
            return "fresh"
        line = self.replies.readline()
        return json.loads(line) if line else "fresh"

    def run_group(self, group: list[dict]) -> dict:
        """The branches of ``group`` (one start) after one run of the reference's cells before them; a branch
        the group could not vouch for runs on its own, as ``run`` does."""
        try:
            self.commands.write(json.dumps({"group": group}) + "\n")
            self.commands.flush()
            line = self.replies.readline()
            results = json.loads(line) if line else {}
        except BrokenPipeError:
            results = {}
        for branch in group:
            if results.get(branch["name"], "fresh") == "fresh":
                results[branch["name"]] = self.run(branch)
        return results

    def close(self) -> None:
        try:
            self.commands.close()
        except BrokenPipeError:
            pass
        self.replies.close()
        os.waitpid(self.pid, 0)


def _preload(modules: list[str]) -> None:
    """Import what the notebook imports anywhere, as the grader's zygote does before it forks a kernel: a
    module a test imports would otherwise be imported again in every forked child."""
    import importlib
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:   # the cell that imports it will fail the same way, and is judged there
            pass


def run_plan(plan: dict) -> dict:
    trusted = None
    _preload(plan.get("preload", []))
    if plan.get("hidden"):   # before any cell runs
        trusted = _state["trusted"] = ForkedTrustedProcess(None, Path(tempfile.mkdtemp(prefix="audit-trusted-")),
                                                           plan.get("setup", []))
        trusted.launch()
    shell = _shell()
    _state["channel"] = _channel(shell)
    try:
        return _run_plan(shell, plan)
    finally:
        if trusted is not None:
            trusted.stop()


def _run_plan(shell, plan: dict) -> dict:
    cells, timeout = plan["cells"], plan["timeout"]
    starting: dict[int, list[dict]] = {}
    for branch in plan["branches"]:
        starting.setdefault(branch["at"], []).append(branch)
    last_start = max(starting, default=-1)
    spine, branches, seconds = {}, {}, {}
    deadline = timeout * 4
    reserve = None
    may_start = any(name.split(".")[0] in ("tensorflow", "keras") for name in plan.get("preload", []))
    hidden = plan.get("hidden", {})
    if _state["trusted"] is not None:
        _state["trusted"].ready()   # here, before any fork: a child must never be the one that reads its setup reply
    for position, source in enumerate(cells):
        safe = _fork_safe()
        here = starting.get(position, [])
        if here and not safe:   # from the reserve: the cells between it and here run once for all of them
            began = time.monotonic()
            found = reserve.run_group(here) if reserve else {}
            for branch in here:
                branches[branch["name"]] = found.get(branch["name"], "fresh")
                seconds[branch["name"]] = round((time.monotonic() - began) / len(here), 2)
            here = []
        for branch in here:
            began = time.monotonic()
            branches[branch["name"]] = _branch_in_child(shell, plan, branch, position, deadline)
            seconds[branch["name"]] = round(time.monotonic() - began, 2)
        if may_start and safe and position < last_start:   # the newest safe state, while branches are ahead
            if reserve:
                reserve.close()
            reserve = Reserve(shell, plan, position, deadline)
        for at, error in run_cells(shell, cells, position, position, {}, timeout, hidden).items():
            spine[str(at)] = error
    if reserve:
        reserve.close()
    if _state["trusted"] is not None:
        _state["trusted"].ready()
    for at, error in decide_hidden(0, timeout).items():
        spine[str(at)] = error
    return {"spine": spine, "branches": branches, "seconds": seconds}


def main(argv: list[str]) -> int:
    plan_path, result_path = argv
    with open(plan_path) as f:
        plan = json.load(f)
    result = run_plan(plan)
    with open(result_path, "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
