"""The worker's side of the trusted process (``trusted_main.py``), which runs the hidden tests.

One trusted process per worker and chapter, started on first use in the sandbox with the same
limits as a kernel, kept warm: it has imported the lesson's libraries and run the lesson's own setup
(from the released lesson), and serves each submission from a fresh fork of itself. No student code
ever runs in it: it reaches the student's objects only through ``ask``, which the caller passes on
to the student's kernel (``hidden_parts.py``).
"""
import ast
import json
import os
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..cells import is_graded_test, is_solution
from .answer_check import is_locked_code
from .sandbox import Sandbox

HERE = Path(__file__).parent
PROGRAM = (HERE / "channel_codec.py").read_text(encoding="utf-8") + "\n" + \
    (HERE / "trusted_main.py").read_text(encoding="utf-8")
READY_SECONDS = 240


def lesson_setup(nb) -> list[str]:
    """What the trusted process runs before any hidden part: the lesson's locked cells (setup and test
    helpers) and the imports of its other cells (``import tensorflow as tf`` in a demonstration);
    never an answer cell, never a test."""
    cells, imports = [], []
    for cell in nb.cells:
        if cell.cell_type != "code" or is_solution(cell) or is_graded_test(cell):
            continue
        if is_locked_code(cell):
            cells.append(cell.source)
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        imports += [ast.unparse(n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    return cells + ["\n".join(dict.fromkeys(imports))]


@dataclass
class Verdict:
    passed: bool
    ename: str = ""
    why: str = ""          # "failed" (a check or the code under test), "timeout", "dead", "bad" (not data)


class TrustedError(RuntimeError):
    """The trusted process could not start or stopped answering."""


class TrustedProcess:
    def __init__(self, sandbox: Sandbox | None, folder: Path, setup: list[str]):
        self.sandbox = sandbox or Sandbox(enabled=False)
        self.folder, self.setup = folder, setup
        self.process: subprocess.Popen | None = None
        self._buffer = b""
        self.setup_errors: list[str] = []
        self._owner, self._setting_up = os.getpid(), False

    # -- the process -------------------------------------------------------------------------
    def _start(self) -> None:
        self.launch()
        self.ready()

    def launch(self) -> None:
        """Start the process and hand it the lesson's setup; ``ready`` waits for it to be done."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = self._spawn(self.folder / "home", self.folder / "sockets")
        self._owner = os.getpid()
        self._buffer = b""
        self._send({"op": "setup", "cells": self.setup})
        self._setting_up = True

    def _spawn(self, home: Path, sockets: Path):
        self.sandbox.prepare_dir(home)
        self.sandbox.prepare_dir(sockets)
        self.sandbox.seed_matplotlib_cache(home / ".matplotlib")
        argv = [sys.executable, "-s", "-c", PROGRAM]
        env = self.sandbox.env(str(home))
        cmd = self.sandbox.command(argv, home, sockets)
        with open(self.folder / "trusted.log", "ab") as log:
            return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, cwd=home,
                                    env=None if self.sandbox.active else {**os.environ, **env},
                                    start_new_session=True)

    def ready(self) -> None:
        """Wait for the lesson's setup to be done (once after ``launch``)."""
        if not self._setting_up:
            return
        self._setting_up = False
        reply = self._receive(READY_SECONDS)
        if reply.get("setup") != "ok":
            raise TrustedError(f"the trusted process did not start: {self._log()}")
        self.setup_errors = list(reply.get("errors", []))

    def _log(self) -> str:
        try:
            return (self.folder / "trusted.log").read_text(errors="replace").strip()[-300:]
        except OSError:
            return ""

    def alive(self) -> bool:
        if self.process is None:
            return False
        if os.getpid() == self._owner:
            return self.process.poll() is None
        try:   # a fork of the owner (the audit's variants) cannot wait for it: is it there at all?
            os.kill(self.process.pid, 0)
            return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            if self.process.poll() is None:
                try:
                    os.killpg(self.process.pid, 9)
                except (ProcessLookupError, PermissionError):
                    self.process.kill()
            self.process.wait()   # in a fork of the owner: returns at once (not its child)
            for stream in (self.process.stdin, self.process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
            self.process = None

    def _send(self, message: dict) -> None:
        if self.process is None:
            raise TrustedError("the trusted process is not running")
        try:
            self.process.stdin.write((json.dumps(message) + "\n").encode())
            self.process.stdin.flush()
        except (OSError, ValueError) as error:
            raise TrustedError(f"the trusted process is gone: {error}") from None

    def _receive(self, seconds: float) -> dict:
        if self.process is None:
            raise TrustedError("the trusted process is not running")
        deadline = time.monotonic() + seconds
        fd = self.process.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TrustedError("the trusted process did not answer in time")
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise TrustedError(f"the trusted process ended: {self._log()}")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    # -- a submission ------------------------------------------------------------------------
    def begin(self) -> None:
        """A fresh fork for one submission (the process is started, or started again, as needed)."""
        for attempt in (1, 2):
            try:
                if not self.alive():
                    self.stop()
                    self._start()
                self.ready()
                self._send({"op": "submission"})
                if self._receive(60).get("ready"):
                    return
            except TrustedError:
                self.stop()
                if attempt == 2:
                    raise
        raise TrustedError("the trusted process did not fork")

    def run(self, at: int, defs: str, code: str, ask, seconds: float) -> Verdict:
        """Run one hidden part; ``ask(text)`` answers a question about the student's objects: (True, the
        kernel's answer) or (False, why there is none: "timeout", "dead", "bad")."""
        self._send({"op": "run", "at": at, "defs": defs, "code": code})
        while True:
            message = self._receive(seconds)
            if "ask" in message:
                answered, text = ask(str(message["ask"]))
                self._send({"answer": text} if answered else {"broken": text})
                continue
            if "done" in message:
                return Verdict(bool(message["done"]), str(message.get("ename", ""))[:60],
                               str(message.get("why", ""))[:20])

    def end(self) -> None:
        try:
            self._send({"op": "end"})
            self._receive(30)
        except TrustedError:
            self.stop()
