"""The hidden parts of the test cells, decided in the trusted process (``trusted.py``).

A notebook client with this mixin runs each graded test cell's visible part in the student's kernel
as it comes, and keeps the kernel's names at that point (``snapshot``); the hidden parts wait until
the whole notebook has run. Then each runs in the trusted process, which asks the student's kernel
about the student's objects through ``_autograder_channel.serve`` (one ``user_expressions`` each):
so every visible output a student reads was made before any hidden input reached the student's code,
and what the hidden part made the student's code print or raise is never shown. A hidden part adds
to its cell only the grader's own words: nothing when it passed, one error when it failed.

The client provides ``_ask(expression)`` (the text of an expression evaluated in the kernel, or None;
``_busy`` tells a time limit from a death), ``_dead_reason``, ``_deadline``, ``timeout`` and
``_trusted_process()``.
"""
import re
import time
from pathlib import Path

from .trusted import TrustedError, Verdict

HERE = Path(__file__).parent
CHANNEL = "__import__('sys').modules['_autograder_channel']"
CHANNEL_BOOTSTRAP = ("import sys as _ag_sys, types as _ag_types\n"
                     "_ag_module = _ag_types.ModuleType('_autograder_channel')\n"
                     f"exec(compile({(HERE / 'channel_codec.py').read_text(encoding='utf-8') + chr(10) + (HERE / 'channel_kernel.py').read_text(encoding='utf-8')!r}, "
                     "'<autograder-channel>', 'exec'), _ag_module.__dict__)\n"
                     "_ag_module.get_ipython = get_ipython\n"
                     "_ag_sys.modules['_autograder_channel'] = _ag_module\n"
                     "del _ag_sys, _ag_types, _ag_module\n")
ANSWER = re.compile(r"'([A-Za-z0-9+/]*={0,2})'")
MESSAGES = {
    "failed": ("숨은 테스트에서 실패했습니다", "a hidden test failed"),
    "timeout": ("숨은 테스트에서 학생 코드가 시간 제한 안에 답하지 않았습니다",
                "a hidden test failed: the code under test did not answer within the time limit"),
    "dead": ("숨은 테스트 중에 커널이 죽었습니다", "a hidden test failed: the kernel died"),
    "bad": ("숨은 테스트에서 실패했습니다: 학생 코드가 데이터가 아닌 값을 돌려주었습니다",
            "a hidden test failed: the code under test answered with something that is not data"),
    "grader": ("채점기의 숨은 테스트 프로세스가 답하지 않았습니다", "the grader's hidden-test process did not answer"),
}


class HiddenParts:
    def _hidden_reset(self) -> None:
        self._deferred: list[tuple] = []
        self.hidden_verdicts: dict[int, Verdict] = {}

    def _defer_hidden(self, cell, index: int, visible: str, hidden: str) -> None:
        """After the visible part of ``cell``: keep the kernel's names for its hidden part."""
        if self._dead_reason is None:
            self._ask(f"{CHANNEL}.snapshot({index!r})")
        self._deferred.append((cell, index, visible, hidden))

    def _query(self, text: str) -> tuple[bool, str]:
        """One question of the trusted process, put to the student's kernel."""
        if self._dead_reason is not None:
            return False, "dead"
        reply = self._ask(f"{CHANNEL}.serve({text!r})")
        if reply is None:   # a kernel that answered with an error (the channel replaced by student code) is alive
            return False, "timeout" if self._busy else ("dead" if self._dead_reason is not None else "failed")
        match = ANSWER.fullmatch(reply)
        return (True, match.group(1)) if match else (False, "bad")

    def _run_deferred(self, error_output) -> None:
        """Every hidden part kept by ``_defer_hidden``, in order, in a fresh fork of the trusted process."""
        if not self._deferred:
            return
        trusted = None
        try:
            trusted = self._trusted_process()
            trusted.begin()
        except TrustedError:
            trusted = None
        try:
            while self._deferred:   # each leaves the list once decided: one left undecided by an error fails
                cell, index, visible, hidden = self._deferred[0]
                verdict = self._one_hidden(trusted, index, visible, hidden)
                self._deferred.pop(0)
                self.hidden_verdicts[index] = verdict
                if not verdict.passed:
                    ko, en = MESSAGES.get(verdict.why, MESSAGES["failed"])
                    # the grader's names only: an exception's type, chosen by the student's code, is no message
                    ename = {"timeout": "CellTimeoutError", "dead": "KernelDied", "grader": "GraderCheckFailed"}.get(
                        verdict.why, "HiddenTestFailed")
                    cell.outputs = list(cell.get("outputs", [])) + [error_output(ename, ko, en)]
        finally:
            if trusted is not None:
                trusted.end()

    def _one_hidden(self, trusted, index: int, visible: str, hidden: str) -> Verdict:
        if trusted is None:
            return Verdict(False, "GraderCheckFailed", "grader")
        if self._dead_reason is not None:
            return Verdict(False, "KernelDied", "dead")
        # the trusted side's own work between two questions: a cell's time, whatever the notebook has left
        # (the kernel's answers are bounded by the notebook's time limit, see ``_ask``)
        seconds = max(float(self.timeout or 60), self._deadline - time.monotonic() + 5)
        try:
            return trusted.run(index, visible, hidden, self._query, seconds)
        except TrustedError:
            trusted.stop()
            return Verdict(False, "GraderCheckFailed", "grader")

