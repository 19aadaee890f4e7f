"""Run one chapter's audit variants in a process that forks at each exercise instead of starting over.

``python -m autograder.course.audit_runner PLAN RESULT`` reads a plan (JSON, written by ``audit.py``):

    {"cells": [source, ...],                       the reference notebook, test cells split visible | hidden
     "branches": [{"name": ..., "at": p, "replace": {"p": source, ...}, "stop": q}, ...],
     "timeout": seconds per cell, "preload": [module, ...]}

and executes ``cells`` top to bottom with IPython (the machinery a Jupyter kernel runs cells with). Before cell
``p`` it forks once per branch that starts there: the child runs the branch's cells ``p … stop`` (its
replacements in place of the reference's) and reports which raised, while the parent waits for it and goes on
with the reference. A variant for exercise 5 thus starts from the state the reference reached after exercise 4,
which is the state a fresh run would reach, since every cell before ``p`` is the reference's own.

A fork is taken only while it is safe: a forked child has none of its parent's threads, and TensorFlow's runtime,
once started, leaves such a child hanging at its first operation that needs them. So the runner keeps an idle
fork of itself (a ``Reserve``) from before each cell while TensorFlow has not started; from the cell that starts
it on, a branch runs in a fork of that reserve, through the reference's cells from there to its own (the
imports and data loading before it are still paid once). A child that does not finish in time is reported ``fresh``, and the
audit runs that variant from the top in a process of its own: a hang costs time, never a wrong verdict.

The result (JSON): ``{"spine": {p: [ename, evalue]}, "branches": {name: {p: [ename, evalue]} | "fresh"}}``."""
import json
import os
import signal
import sys
import tempfile
import time


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


def run_cells(shell, cells: list[str], start: int, stop: int, replace: dict[int, str],
              timeout: int) -> dict[int, tuple[str, str]]:
    errors = {}
    for position in range(start, stop + 1):
        error = run_cell(shell, replace.get(position, cells[position]), timeout)
        if error:
            errors[position] = error
    return errors


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
            errors = run_cells(shell, plan["cells"], start, branch["stop"], replace, plan["timeout"])
            with open(out, "w") as f:
                json.dump({str(k): v for k, v in errors.items() if k >= branch["at"]}, f)
            code = 0
        finally:
            sys.stdout.flush()
            os._exit(code)
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(deadline)
    try:
        _, status = os.waitpid(pid, 0)
    except CellTimeout:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        status = -1
    finally:
        signal.alarm(0)
    try:
        if status != 0:
            return "fresh"
        with open(out) as f:
            return json.load(f)
    finally:
        os.unlink(out)


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
                        result = _branch_in_child(shell, plan, json.loads(line), position, deadline)
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
    _preload(plan.get("preload", []))
    shell = _shell()
    cells, timeout = plan["cells"], plan["timeout"]
    starting: dict[int, list[dict]] = {}
    for branch in plan["branches"]:
        starting.setdefault(branch["at"], []).append(branch)
    last_start = max(starting, default=-1)
    spine, branches, seconds = {}, {}, {}
    deadline = timeout * 4
    reserve = None
    may_start = any(name.split(".")[0] in ("tensorflow", "keras") for name in plan.get("preload", []))
    for position, source in enumerate(cells):
        safe = _fork_safe()
        for branch in starting.get(position, []):
            began = time.monotonic()
            if safe:
                branches[branch["name"]] = _branch_in_child(shell, plan, branch, position, deadline)
            else:
                branches[branch["name"]] = reserve.run(branch) if reserve else "fresh"
            seconds[branch["name"]] = round(time.monotonic() - began, 2)
        if may_start and safe and position < last_start:   # the newest safe state, while branches are ahead
            if reserve:
                reserve.close()
            reserve = Reserve(shell, plan, position, deadline)
        error = run_cell(shell, source, timeout)
        if error:
            spine[str(position)] = error
    if reserve:
        reserve.close()
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
