"""The grader against students who have read its source (issue 10): hostile hand-ins of the real
chapters 01-perceptron and 05-entropy, all graded in one run of the command line, then one small
test per attack. For each: the score is what the answers earn (a wrong or blank answer that tries to
cheat earns 0, an honest one full marks), the status is ``flagged`` when an answer uses what the
exercises do not need, the student's feedback page shows no line and no literal of a hidden test
(nor the same encoded in hex), and grades.csv has exactly one row per hand-in.

The hand-ins are built from the released lesson (blank answers), the reference answers (the
``solution: true`` cells of solutions/) and "junk" answers that are wrong (they return zeros).
Each test asserts the correct behaviour: one that fails names a hole in the grader, with the student
and what the grader did.
"""
import ast
import copy
import csv
import fcntl
import html
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time

import nbformat
import pytest

from autograder import paths
from autograder.cells import grade_id, is_graded_test, is_solution, nbgrader_meta, split_hidden
from autograder.grading import sandbox as sandbox_mod

ROOTED = os.geteuid() == 0 and sandbox_mod.Sandbox.available()
pytestmark = [pytest.mark.xdist_group("grader-attacks"),
              pytest.mark.skipif(not ROOTED, reason="needs root and bubblewrap (the grader's sandbox)")]

P01, E05 = "01-perceptron", "05-entropy"
CHAPTERS = (P01, E05)



# -- the chapters as released and as solved ----------------------------------------------------
def _lesson(chapter):
    return nbformat.read(paths.lesson_notebook(chapter), as_version=4)


def _answers(nb):
    return {grade_id(c): c.source for c in nb.cells if c.cell_type == "code" and is_solution(c)}


def _max_score(chapter):
    """What the tests can award: written answers wait for an instructor and add nothing at grading time."""
    return sum(float(nbgrader_meta(c).get("points", 0)) for c in _lesson(chapter).cells if is_graded_test(c))


def _total_score(chapter):
    """grades.csv's max_score: tested points plus the points of the written answers."""
    return sum(float(nbgrader_meta(c).get("points", 0) or 0) for c in _lesson(chapter).cells
               if nbgrader_meta(c).get("grade"))


BLANK = {c: _answers(_lesson(c)) for c in CHAPTERS}
REFERENCE = {c: _answers(nbformat.read(paths.solution_notebook(c), as_version=4)) for c in CHAPTERS}
MAX = {c: _max_score(c) for c in CHAPTERS}
TOTAL = {c: _total_score(c) for c in CHAPTERS}

# wrong answers of 01-perceptron that still have the right shapes (they return zeros); each function
# first runs ``{hook}``, the attack under test. Without a hook they score 0.
JUNK01 = {
    "ex_step_function": "def step_function(a):\n    {hook}\n    return np.zeros(np.shape(a), dtype=int)",
    "ex_perceptron": "def perceptron(x, w, b):\n    {hook}\n    return np.zeros(np.shape(x)[:-1], dtype=int)",
    "ex_gate_params": "GATE_PARAMS = {{}}",
    "ex_xor_gate": "def xor_gate(x):\n    {hook}\n    return np.zeros(np.shape(x)[:-1], dtype=int)",
    "ex_perceptron_update": "def perceptron_update(w, b, x, t, lr):\n    {hook}\n    return np.array(w, dtype=float), b",
    "ex_train_perceptron": "def train_perceptron(X, t, lr=0.1, num_epochs=20):\n    {hook}\n    return np.zeros(2), 0.0, [0]",
}


def _code(text):
    return textwrap.dedent(text).strip("\n")


def junk(prelude="", hook="pass"):
    """Wrong answers whose every function runs ``hook``; ``prelude`` opens the first answer cell."""
    answers = {gid: source.format(hook=hook) for gid, source in JUNK01.items()}
    answers["ex_step_function"] = _code(prelude) + "\n\n" + answers["ex_step_function"]
    return answers


def prefixed(answers, gid, prelude):
    """``answers`` with ``prelude`` put at the top of the answer cell ``gid``."""
    answers = dict(answers)
    answers[gid] = _code(prelude) + "\n\n" + answers[gid]
    return answers


def notebook(chapter, answers=None, extra=None, edit=None):
    """The released lesson with ``answers`` (grade_id → source) in its answer cells, an ``extra`` code
    cell after the test helpers, and ``edit`` applied last."""
    nb = copy.deepcopy(_lesson(chapter))
    for cell in nb.cells:
        if cell.cell_type == "code" and is_solution(cell) and answers and grade_id(cell) in answers:
            cell.source = answers[grade_id(cell)]
    if extra is not None:
        helpers = next(i for i, c in enumerate(nb.cells) if grade_id(c) == "test_helpers")
        nb.cells.insert(helpers + 1, nbformat.v4.new_code_cell(_code(extra)))
    if edit is not None:
        edit(nb)
    return nbformat.writes(nb)


# -- the attacks ---------------------------------------------------------------------------------
# (2) hooks that decide whether a cell fails: a custom exception handler that shows nothing, and a
# callback that clears the error of every cell
EVENT_HOOKS = """
    %%capture
    ip = get_ipython()
    def _swallow(shell, etype, value, tb, tb_offset=None):
        return []
    ip.set_custom_exc((Exception,), _swallow)
    def _clear(result):
        result.error_in_exec = None
    ip.events.register('post_run_cell', _clear)
    """
HOOKS_MODULE_SOURCE = _code("""
    from IPython import get_ipython
    ip = get_ipython()
    def _swallow(shell, etype, value, tb, tb_offset=None):
        return []
    ip.set_custom_exc((Exception,), _swallow)
    def _clear(result):
        result.error_in_exec = None
    ip.events.register('post_run_cell', _clear)
    """)
HOOKS_MODULE = f"""
    open('sneaky_hooks.py', 'w').write({HOOKS_MODULE_SOURCE!r})
    import sneaky_hooks
    """
# (4) the same, with every name spelled at run time
HOOKS_STRINGS = """
    _ip = vars()['get_' + 'ipython']()
    def _swallow(shell, etype, value, tb, tb_offset=None):
        return []
    def _clear(result):
        result.error_in_exec = None
    getattr(_ip, 'set_custom_' + 'exc')((Exception,), _swallow)
    getattr(getattr(_ip, 'eve' + 'nts'), 'regi' + 'ster')('post_run_' + 'cell', _clear)
    """
# (6) an exception that forges IPython's "Cell In[1], line 1" and dumps the test's frames
FORGED = """
    import sys

    class Forged(Exception):
        def _render_traceback_(self):
            return ['Cell In[1], line 1', str(self)]

    def _dump():
        part = sys._getframe(2)
        consts, frame = [], part
        while frame is not None:
            consts += [repr(c) for c in frame.f_code.co_consts]
            frame = frame.f_back
        names = {k: repr(v)[:300] for k, v in list(part.f_locals.items())
                 if k.startswith('_') and not k.startswith(('__', '_i', '_o', '_d'))}
        raise Forged('Cell In[1], line 1\\n' + ' '.join(consts) + ' ' + repr(names))
    """
# (8) display updates: 5 x 40 MB
FLOOD = """
    _handle = display('flood', display_id=True)
    for _ in range(5):
        _handle.update('x' * 40_000_000)
    """
# (9) 1 GB (20 x 60 MB) into every writable place the kernel can find
DISK_FILL = """
    import os
    import sys
    import ipykernel.connect

    def _fill():
        places = {os.getcwd(), os.path.expanduser('~'), '/tmp', '/dev/shm', os.environ.get('TMPDIR', '/tmp')}
        try:
            places.add(os.path.dirname(os.path.abspath(ipykernel.connect.get_connection_file())))
        except Exception:
            pass
        for argv in (sys.argv, open('/proc/self/cmdline', 'rb').read().decode(errors='replace').split('\\0')):
            if '-f' in argv[:-1]:
                places.add(os.path.dirname(os.path.abspath(argv[argv.index('-f') + 1])))
        block = bytes(2**20)
        for place in sorted(places):
            for i in range(20):
                try:
                    with open(os.path.join(place, f'fill-{i}.bin'), 'wb') as f:
                        for _ in range(60):
                            f.write(block)
                except OSError:
                    break
        print('filled', sorted(places))

    _fill()
    """
# (10) ~63 KB of `!true` lines: IPython's transformer is slow on those
SLOW = "\n".join("!true " + "x" * 122 for _ in range(490))
# (11) text that looks like the grader's own kernel-death messages
KERNEL_TEXT = "Kernel didn't respond in 60 seconds\nKernel died before replying to kernel_info"

# -- own attacks: what a student who read execute.py and kernel_guard.py would try --------------
# A test part fails when it shows an error, when the kernel's reply says "error" (nbgrader then adds
# the reply's error) or when it does not reach the grader's last line, `…mark('<token>')`, a separate
# statement. So a cheat needs three things during the part: a handler that shows nothing
# (set_custom_exc), a post_run_cell callback that clears ``error_in_exec`` (the reply says "ok"), and
# the part's token marked. The token is in the source of the running cell, which IPython's frames
# hold (``raw_cell``). `typing.sys` reaches sys without `import sys`; '_autograder_guard' is no dunder.
MARK_TOKENS = """
    def _mark_tokens():
        frame = _sys._getframe()
        while frame is not None:
            for value in list(frame.f_locals.values()):
                if type(value) is str and 'mark(' in value:
                    for token in _sys.modules['re'].findall(r"mark\\('([0-9a-f]{16})'\\)", value):
                        _sys.modules['_autograder_guard'].mark(token)
            frame = frame.f_back

    def _swallow(shell, etype, value, tb, tb_offset=None):
        _mark_tokens()
        return []

    def _clear(result, *args, **kwargs):
        result.error_in_exec = None
    """
# (A) the guard's functions are looked up in its module when the grader calls them: replace restore
# and seen, and hooks installed once, at definition time, stay for every test
GUARD_PATCH = """
    import typing
    _ip = typing.sys.modules['IPython'].get_ipython()
    _guard = typing.sys.modules['_autograder_guard']
    _guard.restore = lambda token, shadowing=(): _guard.answer('restored', token)
    _guard.seen = lambda token: _guard.answer('seen', token, True)

    def _clear(result):
        result.error_in_exec = None

    _ip.set_custom_exc((BaseException,), lambda *args, **kwargs: [])
    _ip.events.register('post_run_cell', _clear)
    """
# (A2) from inside the answer, during each test that calls it (after the grader's restore)
GUARD_MARK = """
    import sys
    _sys = sys
    """ + MARK_TOKENS + """
    def _cheat():
        _mark_tokens()
        get_ipython().set_custom_exc((BaseException,), _swallow)
        get_ipython().events.register('post_run_cell', _clear)
    """
# (B) a trace function on the test's frame jumps over its checks to its last line (and the test's
# `check` is rebound in its globals). IPython runs each statement of a cell as its own code object,
# so a jump never reaches the grader's last line.
FRAME_JUMP = """
    import typing
    _traced = set()

    def _jump():
        part = typing.sys._getframe(2)
        part.f_globals['check'] = lambda *args, **kwargs: None
        if id(part) in _traced:
            return
        _traced.add(id(part))
        last = max(line for _, _, line in part.f_code.co_lines() if line)
        jumped = []

        def tracer(frame, event, arg):
            if frame is part and event == 'line' and not jumped and frame.f_lineno < last:
                jumped.append(True)
                frame.f_lineno = last
            return tracer
        part.f_trace = tracer
        typing.sys.settrace(lambda *args: None)
    """
# (C) numpy patched through an alias, from inside the answer (after the grader restored numpy)
NUMPY_ALIAS = """
    def _agree():
        q = np
        q.allclose = lambda *args, **kwargs: True
        q.isclose = lambda *args, **kwargs: True
        q.array_equal = lambda *args, **kwargs: True
    """
# (P) numpy patched one level below the modules the lesson imports, through a module laundered into
# ``self``: ``np.allclose`` and ``np.isclose`` look up ``all`` and ``less_equal`` in ``numpy._core.numeric``
# (with the guard of 6b7f76b, the wrong ``perceptron_update`` then passed its test)
DEEP_PATCH = """
    self = [np][0]
    self._core.numeric.all = lambda *args, **kwargs: True
    self._core.numeric.less_equal = lambda *args, **kwargs: True
    """
# (Q) error messages sent straight to the output channel, without end: each is cut to its size cap,
# but their number was not capped (one grading worker held them all)
ERROR_FLOOD = """
    def _errors():
        _k = get_ipython().kernel
        for _ in range(150):
            _k.session.send(_k.iopub_socket, 'error', {'ename': 'E', 'evalue': 'x' * 4000,
                                                       'traceback': ['y' * 4000] * 60}, parent=_k.get_parent())
    """
# (R) a module written to the working folder, then imported by name as a matplotlib backend: it
# replaces the guard's answers and wraps every statement of every later cell in try/except
BACKEND_PAYLOAD = """\
import ast, sys
from matplotlib_inline.backend_inline import *
g = sys.modules["_autograder_guard"]
g.restore = lambda token, shadowing=(): g.answer("restored", token)
g.seen = lambda token: g.answer("seen", token, True)
class Calm(ast.NodeTransformer):
    def visit_Module(self, node):
        node.body = [ast.Try(body=[s], handlers=[ast.ExceptHandler(body=[ast.Pass()])], orelse=[], finalbody=[])
                     for s in node.body]
        return ast.fix_missing_locations(node)
from IPython import get_ipython
get_ipython().ast_transformers.append(Calm())
"""
BACKEND_MODULE = f"""
    np.array(list({BACKEND_PAYLOAD.encode()!r}), dtype=np.uint8).tofile("helper_backend.py")
    plt.switch_backend("module://helper_backend")
    """
# (D) a thread re-installs the handler and the callback right after each restore
THREAD_REHOOK = """
    import time
    import typing
    _sys = typing.sys
    """ + MARK_TOKENS + """
    def _rehook():
        shell = _sys.modules['IPython'].get_ipython()
        while True:
            shell.set_custom_exc((BaseException,), _swallow)
            shell.events.register('post_run_cell', _clear)
            time.sleep(0.0005)

    _sys.modules['threading'].Thread(target=_rehook, daemon=True).start()
    """
# (E) a class the guard does not restore, the kernel's IOPub socket: each execute_input message (sent
# after the grader's restore, before the cell runs) marks the token and re-installs the hooks
IOPUB_PATCH = """
    import typing
    _sys = typing.sys
    _ip = _sys.modules['IPython'].get_ipython()
    """ + MARK_TOKENS + """
    _socket_class = type(_ip.kernel.iopub_socket)
    _send = _socket_class.send_multipart

    def _rearming_send(self, parts, *args, **kwargs):
        for part in parts:
            if type(part) is bytes and b'mark(' in part:
                for token in _sys.modules['re'].findall(rb"mark\\('([0-9a-f]{16})'\\)", part):
                    _sys.modules['_autograder_guard'].mark(token.decode())
                _ip.set_custom_exc((BaseException,), _swallow)
                _ip.events.register('post_run_cell', _clear)
        return _send(self, parts, *args, **kwargs)

    _socket_class.send_multipart = _rearming_send
    """
# (F) the hidden parts' source is in linecache (IPython caches every cell it compiles): hex-encoded
# in a visible test's error, it passes the redaction (which looks for the hidden text as written)
ENCODED_LEAK = """
    import typing

    def _leak():
        cache = typing.sys.modules['linecache'].cache
        cells = [''.join(entry[2]) for entry in list(cache.values()) if type(entry) is tuple and len(entry) > 2]
        hidden = [text for text in cells if 'assert ' in text and '_autograder_guard' in text]
        raise ValueError('hex:' + '\\n'.join(hidden).encode().hex())
    """
# (G) errors are kept whatever the output cap: one 8 MB message (in the first test that calls it)
HUGE_ERROR = """
    _raised = []

    def _huge():
        if not _raised:
            _raised.append(True)
            raise ValueError('E' * 8_000_000)
    """
# (H) markup in an error message (and in the student's name, see HTML_STUDENT)
HTML_INJECTION = """
    def _inject():
        raise ValueError('</pre><script>alert("owned")</script><img src=x onerror=alert(1)>')
    """
# (J) the allowlist as spelled: `from typing import sys` and `typing.sys` reach anything (honest answers)
EVASION = """
    from typing import sys
    import typing
    sys.modules['builtins'].exec("print('escaped the allowlist')")
    typing.sys.modules['os'].listdir('/')
    """
# (K) at definition time and again at each call: a patched shell class and input transformers that
# drop the checks (the guard restores both before each test part)
CLASS_AND_TRANSFORMERS = """
    ip = get_ipython()
    _run_cell = type(ip).run_cell

    def _quiet_run_cell(self, raw_cell, *args, **kwargs):
        result = _run_cell(self, raw_cell, *args, **kwargs)
        result.error_in_exec = None
        return result

    def _drop_checks(lines):
        return [line for line in lines if 'check' not in line and 'assert' not in line]

    def _install():
        type(ip).run_cell = _quiet_run_cell
        if _drop_checks not in ip.input_transformers_post:
            ip.input_transformers_post.append(_drop_checks)
            ip.input_transformers_cleanup.append(_drop_checks)

    _install()
    """
# (L) the guard keeps event callbacks whose __module__ is IPython's: functools.wraps(display) says so
TRUSTED_CALLBACK = """
    import functools
    import typing
    _sys = typing.sys
    """ + MARK_TOKENS + """
    @functools.wraps(display)
    def _rearm(*args, **kwargs):
        _sys.modules['IPython'].get_ipython().set_custom_exc((BaseException,), _swallow)

    _sys.modules['IPython'].get_ipython().events.register('pre_run_cell', _rearm)
    _sys.modules['IPython'].get_ipython().events.register('post_run_cell', functools.wraps(display)(_clear))
    """
# (M) restore and seen reach the guard through the shell's user_expressions: a patched shell class
# answers for the guard (the guard would restore the class, but it is never called)
USER_EXPRESSIONS = """
    import typing
    _sys = typing.sys
    _ip = _sys.modules['IPython'].get_ipython()
    _guard = _sys.modules['_autograder_guard']
    _real = type(_ip).user_expressions

    def _answers(self, expressions):
        replies = {}
        for key, expression in expressions.items():
            asked = _sys.modules['re'].search(r"\\.(restore|seen)\\('([0-9a-f]{16})'", expression)
            if asked is None:
                return _real(self, expressions)
            value = _guard.answer('restored', asked[2]) if asked[1] == 'restore' else _guard.answer('seen', asked[2], True)
            replies[key] = {'status': 'ok', 'data': {'text/plain': repr(value)}, 'metadata': {}}
        return replies

    def _clear(result):
        result.error_in_exec = None

    type(_ip).user_expressions = _answers
    _ip.set_custom_exc((BaseException,), lambda *args, **kwargs: [])
    _ip.events.register('post_run_cell', _clear)
    """
# (N) IPython's `/f x` escape (autocall: `f(x)`) is no Python and no `%`/`!` line: the grader reads the
# cell as a syntax error and checks none of it, the kernel runs all of it (here: plain `import sys`)
HIDDEN_BY_ESCAPE = "/id 0\n" + _code(GUARD_PATCH).replace("import typing", "import sys").replace("typing.sys", "sys")


def _forge_metadata(nb):
    """Turn a test cell into an answer worth 100 points, add a test of one's own, rename an answer."""
    for cell in nb.cells:
        if grade_id(cell) == "test_step_function":
            cell.source = "pass"
            cell.metadata["nbgrader"].update(solution=True, grade=True, locked=False, points=100)
        elif grade_id(cell) == "ex_perceptron":
            cell.metadata["nbgrader"]["grade_id"] = "test_perceptron"
    bonus = nbformat.v4.new_code_cell("pass")
    bonus.metadata["nbgrader"] = {"grade": True, "grade_id": "test_bonus", "locked": True, "points": 50,
                                  "schema_version": 3, "solution": False, "task": False}
    nb.cells.append(bonus)


HTML_STUDENT = "h_html<img src=x onerror=alert(1)>"

# In-process forgery (replacing the grader's guard in the kernel, answering its questions for it) can make a
# visible part pass; it never could a hidden part since issue 24: hidden parts are decided in the trusted
# process (docs/trusted-grading.md). These hand-ins are wrong answers, so they score 0 like the others.
FORGEABLE = None

# student → (chapter, notebook text, expected score, expected flagged)
HAND_INS = {
    # (12) and the baselines
    "honest": (P01, notebook(P01, REFERENCE[P01]), MAX[P01], False),
    "blank": (P01, notebook(P01), 0, False),
    # (1)
    "c01_displayhook": (P01, notebook(P01, junk("import sys", "getattr(sys, 'displayhook')('ok')")), 0, True),
    # (2)
    "c02_hooks_extra_cell": (P01, notebook(P01, extra=EVENT_HOOKS), 0, False),
    "c02_hooks_in_answer": (P01, notebook(P01, prefixed(BLANK[P01], "ex_step_function", EVENT_HOOKS)), 0, True),
    # (3)
    "c03_module_extra_cell": (P01, notebook(P01, extra=HOOKS_MODULE), 0, False),
    "c03_module_in_answer": (P01, notebook(P01, prefixed(BLANK[P01], "ex_step_function", HOOKS_MODULE)), 0, True),
    # (4)
    "c04_strings": (P01, notebook(P01, prefixed(BLANK[P01], "ex_step_function", HOOKS_STRINGS)), 0, True),
    "c04_strings_05": (E05, notebook(E05, prefixed(BLANK[E05], "ex_entropy", HOOKS_STRINGS)), 0, True),
    # (5)
    "c05_in_last": (P01, notebook(P01, junk(hook="raise ValueError(In[-1])")), 0, True),
    "c05_str_in": (P01, notebook(P01, junk(hook="raise ValueError(str(In))")), 0, True),
    # (6)
    "c06_forged_traceback": (P01, notebook(P01, junk(FORGED, "_dump()")), 0, True),
    # (8) honest answers under a flood of display updates
    "c08_output_flood": (P01, notebook(P01, prefixed(REFERENCE[P01], "ex_step_function", FLOOD)), MAX[P01], False),
    # (9)
    "c09_disk_fill": (P01, notebook(P01, prefixed(BLANK[P01], "ex_step_function", DISK_FILL)), 0, True),
    # (10) early in the queue: the slowest hand-ins
    "a10_slow_extra_cell": (P01, notebook(P01, extra=SLOW), 0, False),
    "a10_slow_in_answer": (P01, notebook(P01, prefixed(BLANK[P01], "ex_step_function", SLOW)), 0, True),
    # (11) and honest students graded after it
    "k11_kernel_text": (P01, notebook(P01, junk(f"print({KERNEL_TEXT!r})", f"raise RuntimeError({KERNEL_TEXT!r})")),
                        0, False),
    "z_honest_after_1": (P01, notebook(P01, REFERENCE[P01]), MAX[P01], False),
    "z_honest_after_2": (P01, notebook(P01, REFERENCE[P01]), MAX[P01], False),
    # own attacks
    "oa_guard_patch": (P01, notebook(P01, junk(GUARD_PATCH)), 0, True),
    "oa_guard_mark": (P01, notebook(P01, junk(GUARD_MARK, "_cheat()")), 0, True),
    "ob_frame_jump": (P01, notebook(P01, junk(FRAME_JUMP, "_jump()")), 0, True),
    "oc_numpy_alias": (P01, notebook(P01, junk(NUMPY_ALIAS, "_agree()")), 0, True),
    "od_thread_rehook": (P01, notebook(P01, junk(THREAD_REHOOK)), 0, True),
    "oe_iopub_patch": (P01, notebook(P01, junk(IOPUB_PATCH)), 0, True),
    "of_encoded_leak": (P01, notebook(P01, junk(ENCODED_LEAK, "_leak()")), 0, True),
    "og_huge_error": (P01, notebook(P01, junk(HUGE_ERROR, "_huge()")), 0, False),
    HTML_STUDENT: (P01, notebook(P01, junk(HTML_INJECTION, "_inject()")), 0, False),
    "oi_metadata_forgery": (P01, notebook(P01, junk(), edit=_forge_metadata), 0, False),
    "oj_evasion_honest": (P01, notebook(P01, prefixed(REFERENCE[P01], "ex_step_function", EVASION)), MAX[P01], True),
    "ok_class_transformers": (P01, notebook(P01, junk(CLASS_AND_TRANSFORMERS, "_install()")), 0, True),
    "ol_trusted_callback": (P01, notebook(P01, junk(TRUSTED_CALLBACK)), 0, True),
    "om_user_expressions": (P01, notebook(P01, junk(USER_EXPRESSIONS)), 0, True),
    "on_hidden_by_escape": (P01, notebook(P01, junk(HIDDEN_BY_ESCAPE)), 0, True),
    "op_numpy_patched_deeper": (P01, notebook(P01, junk(DEEP_PATCH)), 0, True),
    "oq_error_flood": (P01, notebook(P01, junk(ERROR_FLOOD, "_errors()")), 0, True),
    "or_backend_module": (P01, notebook(P01, junk("import matplotlib.pyplot as plt\n" + _code(BACKEND_MODULE))), 0,
                          True),
    "honest_05": (E05, notebook(E05, REFERENCE[E05]), MAX[E05], False),
}


# -- what a student must never read ---------------------------------------------------------------
def _hidden_fragments(chapter):
    """Stripped lines (>= 8 characters) and string literals (>= 8 characters) of the hidden tests that
    the released lesson does not show anyway."""
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    released = "\n".join(c.source for c in _lesson(chapter).cells)
    found = set()
    for cell in solution.cells:
        if not is_graded_test(cell):
            continue
        hidden = split_hidden(cell.source)[1]
        found |= {line.strip() for line in hidden.splitlines() if len(line.strip()) >= 8}
        found |= {n.value for n in ast.walk(ast.parse(hidden))
                  if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) >= 8}
    return {f for f in found if f not in released}


HIDDEN = {c: _hidden_fragments(c) for c in CHAPTERS}
HEX = re.compile(r"(?:[0-9a-f]{2}){8,}")


def _readable(page):
    """The page as a student reads it: unescaped, and with every hex run decoded."""
    text = html.unescape(page)
    decoded = [bytes.fromhex(run).decode("utf-8", errors="ignore") for run in HEX.findall(text)]
    return "\n".join([text, *decoded])


# -- the one grading run --------------------------------------------------------------------------
def _grade_once(root):
    """Hand in every submission under ``root`` and grade them all with one run of the command line;
    the run's result is kept in ``root/run.json`` for every pytest worker of the session."""
    result = root / "run.json"
    if result.exists():
        return json.loads(result.read_text(encoding="utf-8"))
    shutil.rmtree(root, ignore_errors=True)
    submitted, out = root / "submitted", root / "out"
    for student, (chapter, text, _, _) in HAND_INS.items():
        target = submitted / student / chapter / f"{chapter}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submitted), "--out", str(out),
                          "--jobs", "2", "--chapters", *CHAPTERS, "--quiet"],
                         cwd=paths.REPO, capture_output=True, text=True, timeout=900)
    done = {"returncode": run.returncode, "stdout": run.stdout[-5000:], "stderr": run.stderr[-5000:],
            "elapsed": time.monotonic() - started}
    result.write_text(json.dumps(done), encoding="utf-8")
    return done


@pytest.fixture(scope="session")   # once per worker, however xdist interleaves the group's files
def graded(tmp_path_factory):
    # xdist may spread this module's tests over its workers (each then sets this fixture up): they
    # share one grading run, in the session's temporary folder, under a lock
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared / "grader-attacks"
    with open(shared / "grader-attacks.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            run = _grade_once(root)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    out = root / "out"
    rows = list(csv.DictReader(open(out / "grades.csv", encoding="utf-8"))) if (out / "grades.csv").exists() else []
    return {"root": root, "out": out, "run": run, "elapsed": run["elapsed"], "rows": rows}


def _check(graded, student, *, autograded_mb=None):
    """Problems with ``student``'s outcome: score, status, feedback page, grades.csv row."""
    chapter, _, score, flagged = HAND_INS[student]
    out, problems = graded["out"], []
    rows = [r for r in graded["rows"] if r["student"] == student and r["chapter"] == chapter]
    if len(rows) != 1:
        return [f"{len(rows)} rows in grades.csv (cli rc={graded['run']['returncode']}: "
                f"{graded['run']['stderr'][-2000:]})"]
    row = rows[0]
    if score is not FORGEABLE and float(row["score"]) != score:
        problems.append(f"score {row['score']}, expected {score:g}")
    if float(row["max_score"]) != TOTAL[chapter]:
        problems.append(f"max score {row['max_score']}, expected {TOTAL[chapter]:g}")
    if row["status"] == "error" or row["status"] == "invalid":
        problems.append(f"status {row['status']}")
    elif (row["status"] == "flagged") != flagged:
        problems.append(f"status {row['status']}, expected {'flagged' if flagged else 'graded'}")
    page_path = out / "feedback" / student / chapter / f"{chapter}.html"
    if not page_path.is_file():
        problems.append("no feedback page")
    else:
        page = page_path.read_text(encoding="utf-8")
        own = "\n".join(_answers(nbformat.reads(HAND_INS[student][1], as_version=4)).values())
        readable = _readable(page)
        leaked = sorted(f for f in HIDDEN[chapter] if f in readable and f not in own)
        if leaked:
            problems.append(f"feedback shows {len(leaked)} hidden fragment(s), e.g. {leaked[:3]}")
        if "<script" in page or "<img" in page:
            problems.append("feedback page carries markup from the submission")
    if autograded_mb is not None:
        notebook_path = out / "autograded" / student / chapter / f"{chapter}.ipynb"
        size = notebook_path.stat().st_size / 2**20 if notebook_path.exists() else 0
        if size >= autograded_mb:
            problems.append(f"autograded notebook is {size:.1f} MB (>= {autograded_mb} MB)")
    return [f"{student}: {p} [{row['status']}: {row['reason'][:300]}]" for p in problems]


def _assert_ok(graded, *students, **kwargs):
    problems = [p for s in students for p in _check(graded, s, **kwargs)]
    assert not problems, "\n".join(problems)


def test_the_batch_finishes_and_records_every_hand_in(graded):
    run = graded["run"]
    assert run["returncode"] == 0, run["stderr"][-3000:]
    found = sorted((r["student"], r["chapter"]) for r in graded["rows"])
    assert found == sorted((s, c) for s, (c, _, _, _) in HAND_INS.items()), found


def test_honest_students_get_full_marks_unflagged(graded):                       # (12)
    _assert_ok(graded, "honest", "honest_05", "blank")
    row = next(r for r in graded["rows"] if r["student"] == "honest")
    assert row["status"] == "graded" and row["reason"] == _awaiting_note(P01), row


def _awaiting_note(chapter):
    """The only reason an honest hand-in carries: its written answers, left as the lesson's stub (``notebook``
    fills code answers only), score 0 without the instructor (issue 25)."""
    from autograder.grading.outcome import Outcome
    blank = Outcome("", chapter, 0, 0, "graded")
    blank.blank = [grade_id(c) for c in _lesson(chapter).cells
                   if c.cell_type == "markdown" and nbgrader_meta(c).get("grade")]
    return blank.blank_note()


def test_displayhook_result_is_no_grade(graded):                                # (1)
    _assert_ok(graded, "c01_displayhook")


def test_event_hooks_in_an_extra_cell_are_not_run(graded):                       # (2)
    _assert_ok(graded, "c02_hooks_extra_cell")


def test_event_hooks_in_an_answer_are_undone(graded):                            # (2)
    _assert_ok(graded, "c02_hooks_in_answer")


def test_event_hooks_through_a_module(graded):                                   # (3)
    _assert_ok(graded, "c03_module_extra_cell", "c03_module_in_answer")


def test_event_hooks_spelled_with_strings(graded):                              # (4)
    _assert_ok(graded, "c04_strings", "c04_strings_05")


def test_input_history_in_an_error_shows_no_hidden_test(graded):                # (5)
    _assert_ok(graded, "c05_in_last", "c05_str_in")


def test_forged_traceback_and_frame_dump_show_no_hidden_test(graded):           # (6)
    _assert_ok(graded, "c06_forged_traceback")


def test_collect_rejects_a_symlink_to_the_solution(tmp_path):                   # (7)
    inbox = tmp_path / "inbox"
    (inbox / "kim").mkdir(parents=True)
    (inbox / "kim" / f"{P01}.ipynb").symlink_to(paths.solution_notebook(P01))
    (inbox / "lee").mkdir()
    (inbox / "lee" / f"{P01}.ipynb").write_text(notebook(P01), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "autograder", "collect", str(inbox), "--to",
                          str(tmp_path / "submitted2"), "--chapters", P01],
                         cwd=paths.REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    collected = sorted(str(p.relative_to(tmp_path / "submitted2")) for p in (tmp_path / "submitted2").rglob("*.ipynb"))
    assert collected == [f"lee/{P01}/{P01}.ipynb"], (collected, run.stdout)
    assert "symbolic links are not accepted" in run.stdout, run.stdout


def test_display_update_flood_is_cut(graded):                                   # (8)
    _assert_ok(graded, "c08_output_flood", autograded_mb=5)


def test_disk_fill_loses_no_one(graded):                                        # (9)
    _assert_ok(graded, "c09_disk_fill", "honest", "z_honest_after_1", "z_honest_after_2")


def test_slow_ipython_transform_does_not_stall_the_batch(graded):               # (10)
    # Scored as earned; that the grader reads such cells without IPython's quadratic transform is
    # checked by counting calls in tests/test_preflight.py (a time bound would fail on a busy machine).
    _assert_ok(graded, "a10_slow_extra_cell", "a10_slow_in_answer")


def test_kernel_death_text_is_the_students_own(graded):                        # (11)
    _assert_ok(graded, "k11_kernel_text", "z_honest_after_1", "z_honest_after_2")
    for student in ("z_honest_after_1", "z_honest_after_2"):
        row = next(r for r in graded["rows"] if r["student"] == student)
        assert row["status"] == "graded" and row["reason"] == _awaiting_note(P01), row


def test_patched_guard_module(graded):                                          # (A)
    _assert_ok(graded, "oa_guard_patch")


def test_guard_mark_called_by_the_answer(graded):                               # (A2)
    _assert_ok(graded, "oa_guard_mark")


def test_trace_function_jumping_over_the_checks(graded):                        # (B)
    _assert_ok(graded, "ob_frame_jump")


def test_numpy_patched_through_an_alias(graded):                                # (C)
    _assert_ok(graded, "oc_numpy_alias")


def test_thread_reinstalling_a_handler_after_restore(graded):                   # (D)
    _assert_ok(graded, "od_thread_rehook")


def test_iopub_socket_class_dropping_errors(graded):                            # (E)
    _assert_ok(graded, "oe_iopub_patch")


def test_hex_encoded_hidden_source_in_a_visible_error(graded):                  # (F)
    _assert_ok(graded, "of_encoded_leak")


def test_huge_error_messages_are_cut(graded):                                   # (G)
    _assert_ok(graded, "og_huge_error", autograded_mb=5)
    page = graded["out"] / "feedback" / "og_huge_error" / P01 / f"{P01}.html"
    assert page.stat().st_size < 1_000_000


def test_markup_in_errors_and_names_is_escaped(graded):                         # (H)
    _assert_ok(graded, HTML_STUDENT)
    report = (graded["out"] / "report.html").read_text(encoding="utf-8")
    assert "onerror=alert" not in report


def test_forged_cell_metadata_grades_nothing_more(graded):                      # (I)
    _assert_ok(graded, "oi_metadata_forgery")


def test_allowlist_spelling_evasion_is_flagged(graded):                         # (J)
    _assert_ok(graded, "oj_evasion_honest")


def test_patched_shell_class_and_input_transformers(graded):                    # (K)
    _assert_ok(graded, "ok_class_transformers")


def test_event_callback_dressed_as_ipython(graded):                             # (L)
    _assert_ok(graded, "ol_trusted_callback")


def test_patched_user_expressions_answer_for_the_guard(graded):                 # (M)
    _assert_ok(graded, "om_user_expressions")


def test_ipython_escape_line_hides_an_answer_from_the_allowlist(graded):        # (N)
    _assert_ok(graded, "on_hidden_by_escape")


def test_numpy_patched_below_what_the_lesson_imports(graded):                    # (P)
    _assert_ok(graded, "op_numpy_patched_deeper")


def test_error_messages_without_end_are_capped(graded):                         # (Q)
    _assert_ok(graded, "oq_error_flood", autograded_mb=12)


def test_a_module_written_by_the_answer_is_never_imported(graded):              # (R)
    _assert_ok(graded, "or_backend_module")
