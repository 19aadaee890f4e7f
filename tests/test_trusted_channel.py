"""Issue 24: the hidden tests decide in the trusted process, which reaches the student's code only
through a data-only channel. Two kinds of tests:

* the codec and the channel in this process (fast): what a student who has read ``channel_codec.py``
  could send instead of data is refused, and what the trusted side does with what it gets;
* hostile hand-ins of 01-perceptron graded through the command line, once as a class is graded and
  once with the kernel guard and the answer allowlist switched off
  (``AUTOGRADER_TEST_DEFENCES_OFF=guard,allowlist``): each scores what its answers earn in both runs,
  and no page shows a hidden input.
"""
import base64
import csv
import fcntl
import html
import json
import os
import shutil
import subprocess
import sys
import textwrap
import types

import numpy as np
import pytest

from autograder import paths
from autograder.cells import grade_id, is_graded_test, nbgrader_meta
from autograder.grading import channel_codec as codec
from autograder.grading import trusted_main
from autograder.grading.hidden_parts import HERE
from autograder.grading.sandbox import Sandbox


# -- the channel in one process -------------------------------------------------------------------
def _student_side():
    module = types.ModuleType("_autograder_channel")
    source = (HERE / "channel_codec.py").read_text() + "\n" + (HERE / "channel_kernel.py").read_text()
    exec(compile(source, "<channel>", "exec"), module.__dict__)
    return module


class _Link:
    """The worker and the kernel in one: each question goes to ``serve`` (or to a forged one)."""

    def __init__(self, serve):
        self.serve, self.reply = serve, None

    def send(self, message):
        if "ask" in message:
            answer = self.serve(message["ask"])
            self.reply = {"answer": answer} if isinstance(answer, str) else {"broken": "timeout"}

    def receive(self):
        return self.reply


def _trusted(student_code, serve=None):
    """(namespace of a hidden part, the student's channel module) with ``student_code`` as the notebook;
    ``serve(student)``: the kernel's answers, when forged."""
    student = _student_side()
    names = {}
    exec(textwrap.dedent(student_code), names)
    student._snapshots[7] = names
    namespace, errors = trusted_main.setup(["import numpy as np"])
    assert not errors
    namespace.begin(trusted_main.Channel(_Link(serve(student) if serve else student.serve)), 7)
    return namespace, student


def _hidden(namespace, code):
    exec(textwrap.dedent(code), namespace)


def _answer(tree):
    return codec.pack({"ok": tree, "sync": []})


def test_data_crosses_with_identity_and_in_place_changes():
    ns, _ = _trusted("""
        import numpy as np
        def double(x):
            return x * 2
        def update(params, grads):
            params["W"] -= grads["W"]            # in place: the test's array changes
            params["b"] = params["b"] - 1        # rebound: a new array
        class Layer:
            def __init__(self, W):
                self.W = W
            def forward(self, x):
                return x @ self.W
        def numbers():
            yield from (1, 2, 3)
        """)
    _hidden(ns, """
        x = np.arange(3.0)
        assert np.allclose(double(x), [0, 2, 4]) and type(double(x)) is np.ndarray
        params, grads = {"W": np.ones(2), "b": np.zeros(2)}, {"W": np.ones(2)}
        W, b = params["W"], params["b"]
        update(params, grads)
        assert params["W"] is W and np.allclose(W, 0) and params["b"] is not b and np.allclose(params["b"], -1)
        M = np.eye(2)
        layer = Layer(M)
        assert layer.W is M
        M[0, 0] = 5.0                             # the test's change reaches the student's layer
        assert np.allclose(layer.forward(np.array([1.0, 1.0])), [5, 1])
        assert list(numbers()) == [1, 2, 3]
        """)


def test_what_a_callback_returns_can_come_back_after_the_test_let_go_of_it():
    """A random generator of the test's: the student's code asks it for an array (which the test holds
    no longer once sent) and returns it."""
    ns, _ = _trusted("""
        def xavier_init(n_in, n_out, rng):
            return rng.normal(0.0, (2 / (n_in + n_out)) ** 0.5, size=(n_in, n_out))
        """)
    _hidden(ns, """
        for _seed in range(3):
            _W = np.asarray(xavier_init(30, 20, np.random.default_rng(_seed)))
            assert _W.shape == (30, 20) and np.array_equal(_W, np.random.default_rng(_seed).normal(0.0, 0.2, (30, 20)))
        """)


class _ScriptLink:
    """The worker between the trusted process and the kernel: questions go to ``serve``, the worker's own
    messages come from ``messages`` in order, the trusted process's other replies are kept."""

    def __init__(self, serve, messages):
        self.serve, self.messages, self.results, self.answer = serve, list(messages), [], None

    def send(self, message):
        if "ask" in message:
            self.answer = {"answer": self.serve(message["ask"])}
        else:
            self.results.append(message)

    def receive(self):
        answer, self.answer = self.answer, None
        return answer or self.messages.pop(0)


def test_what_neither_side_holds_any_more_is_let_go_of():
    """Every question checks each live mirror for changes, so a mirror nobody holds must go: a call's keyword
    arguments, a dict the test made and dropped, and what a hidden part kept in its names once it ended
    (chapter 10's hidden tests asked 2,644 questions over a thousand dead mirrors: 110 s, now 3 s)."""
    student = _student_side()
    names = {}
    exec(textwrap.dedent("""
        def step(loss, params, scale=1.0):
            return loss * scale + float(params["W"].sum())
        def trials(n):
            return [{"lr": 0.1 * i} for i in range(n)]
        """), names)
    student._snapshots[7] = names
    namespace, errors = trusted_main.setup(["import numpy as np"])
    assert not errors
    parts = ["""
for _e in range(50):
    _params = {"W": np.full(2, float(_e))}
    assert step(1.0, _params, scale=2.0) == 2.0 + 2 * _e
_kept = trials(300)
assert len(_kept) == 300
""", "assert step(0.0, {'W': np.zeros(1)}) == 0.0"]
    live = []

    def serve(text):   # the student's live mirrors after each question (which carries what the test let go of)
        answer = student.serve(text)
        live.append(len(student._codec.live()))
        return answer

    link = _ScriptLink(serve, [{"op": "run", "at": 7, "code": code} for code in parts] + [{"op": "end"}])
    trusted_main.serve_submission(link, namespace)
    assert [r for r in link.results if "done" in r] == [{"done": True}, {"done": True}], link.results
    assert max(live[:50]) <= 4, live[:50]          # the calls: their kwargs and the dropped dicts went
    assert live[-1] <= 4, live[-1]                  # the 301 mirrors of ``_kept`` went with the first part


def test_a_change_to_an_equal_value_of_another_kind_crosses():
    """A mirror's change is told by its items' types and signs too: -0.0 == 0.0 and True == 1 == 1.0."""
    ns, _ = _trusted("""
        def flip(items, table):
            items[0], items[1], items[2] = -0.0, True, 1.0
            table["n"] = 2.0
        """)
    _hidden(ns, """
        _items, _table = [0.0, 1, 1], {"n": 2}
        flip(_items, _table)
        assert [type(v) for v in _items] == [float, bool, float] and str(_items[0]) == "-0.0", _items
        assert type(_table["n"]) is float
        """)


def test_the_tests_warning_filters_and_numpy_error_state_hold_for_the_students_code():
    ns, _ = _trusted("""
        import numpy as np
        import warnings
        def noisy(p):
            return np.where(p > 0, p * np.log(p), 0.0)
        def naive_sigmoid(x):
            return 1 / (1 + np.exp(-x))
        def warns():
            warnings.warn("careful", UserWarning)
            return 1
        """)
    _hidden(ns, """
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                noisy(np.array([0.5, 0.0]))
                raised = False
            except Warning:
                raised = True
        assert raised
        assert warns() == 1                  # outside: a warning is only a warning
        with np.errstate(over="raise"):
            try:
                naive_sigmoid(np.array([-1000.0]))
                raised = False
            except FloatingPointError:
                raised = True
        assert raised
        assert np.allclose(naive_sigmoid(np.array([0.0])), 0.5)
        """)


def test_isinstance_of_a_students_class_is_the_students_answer_about_its_own_objects():
    ns, _ = _trusted("""
        class Affine:
            pass
        class Relu:
            pass
        layers = [Affine(), Relu()]
        """)
    _hidden(ns, """
        assert isinstance(layers[0], Affine) and not isinstance(layers[1], Affine)
        assert all(isinstance(l, (Affine, Relu)) for l in layers)
        assert not isinstance(np.zeros(2), Affine)
        """)


def test_a_result_with_its_own_dunders_is_judged_as_data():
    ns, _ = _trusted("""
        class Liar:
            def __eq__(self, other):
                return True
            def __array__(self, dtype=None, copy=None):
                import numpy as np
                return np.zeros(3)
            def __float__(self):
                return 1.0
            def __len__(self):
                return 3
        def answer(x):
            return Liar()
        """)
    _hidden(ns, """
        got = answer(1)
        assert not (got == [1, 2, 3]).any()       # compared here, as the data np.asarray gave
        assert float(got) == 1.0 and len(got) == 3
        assert np.array_equal(np.asarray(got), np.zeros(3))
        assert type(got) is not np.ndarray
        """)


def test_a_value_that_changes_between_reads_is_judged_at_each_read():
    ns, _ = _trusted("""
        import numpy as np
        class Shifty:
            reads = 0
            def __array__(self, dtype=None, copy=None):
                Shifty.reads += 1
                return np.full(2, Shifty.reads)
        def answer():
            return Shifty()
        """)
    _hidden(ns, """
        got = answer()
        first, second = np.asarray(got), np.asarray(got)
        assert first.tolist() == [1, 1] and second.tolist() == [2, 2]
        assert first.tolist() == [1, 1]           # what was read stays what it was
        """)


@pytest.mark.parametrize("result", [
    "np.zeros(13_000_000)",                           # 104 MB: more than a message may carry
    "_deep()",                                        # nested 200 deep
    "_loop()",                                        # a list that holds itself
    "(i for i in range(10**9))",                      # a generator without end
    "np.array([object()], dtype=object)",             # an object array
])
def test_results_that_are_not_data_fail_the_test_and_only_it(result):
    ns, _ = _trusted(f"""
        import numpy as np
        def _deep():
            x = 0
            for _ in range(200):
                x = [x]
            return x
        def _loop():
            a = []
            a.append(a)
            return a
        def answer():
            return {result}
        """)
    with pytest.raises((TypeError, ValueError, trusted_main.ChannelBroken, trusted_main.StudentError)):
        _hidden(ns, "assert np.asarray(answer()).shape == (3,)")
    _hidden(ns, "assert np.allclose(np.arange(3), [0, 1, 2])")   # the trusted side goes on


def test_an_exception_crosses_as_its_name_and_a_capped_message():
    ns, _ = _trusted("""
        def answer(x):
            raise ValueError("seen: " + repr(x) + "x" * 100_000)
        class Mine(Exception):
            pass
        def other():
            raise Mine("mine")
        """)
    _hidden(ns, """
        try:
            answer(np.array([0.125]))
        except ValueError as error:
            message = str(error)
        assert message.startswith("seen: array([0.125])") and len(message) <= 4000
        try:
            other()
        except Exception as error:
            kind = type(error).__name__
        assert kind == "StudentError"
        """)


@pytest.mark.parametrize("forged", [
    {"$h": 123456789},                                                   # a handle the student never made
    {"$a": ["|O", [1], base64.b64encode(bytes(8)).decode()]},            # an object array
    {"$a": ["<f8", [1000], base64.b64encode(bytes(8)).decode()]},        # a shape its bytes do not fill
    {"$m": "t999999"},                                                   # a mirror no one sent
    {"__reduce__": "os.system"},                                         # not a node of the codec
    {"$d": [[{"$l": []}, 1]]},                                           # an unhashable key
])
def test_forged_answers_are_refused_or_stay_opaque(forged):
    ns, _ = _trusted("def answer():\n    return 1\n", serve=lambda student: lambda text: _answer(forged))
    with pytest.raises(Exception):     # whichever way it fails, the hidden part fails
        _hidden(ns, "assert np.asarray(answer()).shape == (3,)")


def test_forged_answer_text_is_refused():
    for text in ("' or 1", "AAAA" * 10 + "!", base64.b64encode(b"\x80\x04not json").decode()):
        ns, _ = _trusted("def answer():\n    return 1\n", serve=lambda student, text=text: lambda _: text)
        with pytest.raises(trusted_main.ChannelBroken):
            _hidden(ns, "answer()")


def test_a_forged_mirror_cannot_reach_what_the_test_did_not_send():
    """The student's side may rewrite what it was given (its own copy of an input), never the test's
    expected values, which never crossed."""
    def forging(student):
        def serve(text):
            request = codec.unpack(text)
            answer = json.loads(base64.b64decode(student.serve(text)))
            fake = codec._array_tree(np.full(3, 7.0))
            answer["sync"] = [{"$m": f"t{i}", "v": {"$a": fake}} for i in range(1, 50)] if request["op"] == "call" else []
            return codec.pack(answer)
        return serve

    ns, _ = _trusted("def answer(x):\n    return None\n", serve=forging)
    _hidden(ns, """
        expected = np.array([1.0, 2.0, 3.0])
        given = np.zeros(3)
        answer(given)
        assert np.array_equal(expected, [1.0, 2.0, 3.0])
        """)


def test_a_callback_reaches_only_what_the_test_handed_over():
    """A test may hand the student's code a function of its own (the function to differentiate, a random
    generator): the student's code can call it and read its public attributes, with data, and nothing
    else of the trusted process (no ``__globals__``, ``__code__``, ``__self__``, ``__class__``)."""
    ns, _ = _trusted("""
        def answer(f, rng):
            found = [f(1.5), rng.integers(0, 10, size=3).shape]
            for probe in (lambda: f.__globals__, lambda: getattr(f, "__code__"), lambda: rng.__class__,
                          lambda: rng._bit_generator, lambda: f.__self__):
                try:
                    found.append(repr(probe()))
                except Exception as error:
                    found.append(type(error).__name__)
            return found
        """)
    _hidden(ns, """
        secret = [0.125, 0.25]
        found = answer(lambda x: x * 2, np.random.default_rng(1))
        assert found[:2] == [3.0, (3,)], found
        assert found[2:4] == found[5:] == ["AttributeError"] * 2, found
        assert "_autograder_channel.Trusted" in found[4], found     # the kernel's own proxy class
        """)


def test_a_student_class_named_like_a_trusted_one_selects_only_among_loaded_trusted_classes():
    ns, _ = _trusted("""
        class FakeArray:
            pass
        FakeArray.__module__, FakeArray.__qualname__ = "os", "system"
        def answer():
            return FakeArray()
        def ours():
            import numpy
            return numpy.random.default_rng(0)
        """)
    _hidden(ns, """
        got = answer()
        assert got.__class__ is type(got)          # an unknown class: the handle's own
        rng = ours()
        assert isinstance(rng, np.random.Generator)
        """)


def test_the_trusted_side_runs_the_lessons_setup_never_an_answer_or_a_test():
    import nbformat
    from autograder.grading.trusted import lesson_setup
    nb = nbformat.read(paths.lesson_notebook("07-tensorflow"), as_version=4)
    setup = lesson_setup(nb)
    answers = [c.source for c in nb.cells if nbgrader_meta(c).get("solution") or nbgrader_meta(c).get("grade")]
    assert "def check_close" in "\n".join(setup) and "import tensorflow as tf" in setup[-1]
    assert not any(source.strip() and source in "\n".join(setup) for source in answers)


# -- hostile hand-ins through the command line -----------------------------------------------------
ROOTED = os.geteuid() == 0 and Sandbox.available()
P01 = "01-perceptron"
sys.path.insert(0, str(paths.REPO / "tests"))
import test_grader_attacks as attacks  # noqa: E402
from test_grader_attacks import MAX, REFERENCE, junk, notebook, prefixed  # noqa: E402


def _points(gid):
    solution = __import__("nbformat").read(paths.solution_notebook(P01), as_version=4)
    return next(float(nbgrader_meta(c)["points"]) for c in solution.cells if is_graded_test(c) and grade_id(c) == gid)


# (issue's table, 1) code swap: the code objects of NumPy's comparisons and of the lesson's ``check`` are
# replaced by an always-true function's, through functools.update_wrapper and a dunder built at run time
CODE_SWAP = """
    import functools
    import numpy as np

    def _always_true(*args, **kwargs):
        return True

    def _always_none(*args, **kwargs):
        return None

    _name = "_" * 2 + "c" + "ode" + "_" * 2

    class _Reach:
        def __init__(self, f):
            functools.update_wrapper(self, f, assigned=["_implementation"], updated=[])
        def inner(self):
            return self._implementation

    for _f in (np.allclose, np.array_equal, np.isclose, np.array_equiv):
        try:
            _target = _Reach(_f).inner()
        except AttributeError:
            _target = _f
        functools.update_wrapper(_target, _always_true, assigned=[_name], updated=[])
    for _f in (check, check_close):
        functools.update_wrapper(_f, _always_none, assigned=[_name], updated=[])
    """
# (issue's table, 2) hidden inputs out: step_function records what it is given; xor_gate raises it
RECORDER = """
    _seen = []
    _step = step_function

    def step_function(a):
        _seen.append(repr(a))
        return _step(a)
    """
LEAKER = "if _seen:\n        raise ValueError('LEAK ' + ' '.join(_seen))"
# (issue's table, 3) an honest answer with a subclass that calls super().__init__()
HONEST_SUBCLASS = """
    class _Params(dict):
        def __init__(self):
            super().__init__()
            dict.__init__(self)
    """
# the channel's own module replaced in the kernel: every question is answered "1", or with a forged handle
FORGED_CHANNEL = """
    import base64
    import json
    import typing
    _channel = typing.sys.modules['_autograder_channel']
    _channel.serve = lambda text: base64.b64encode(json.dumps({{"ok": {answer}, "sync": []}}).encode()).decode()
    """
# results that are not data, or not right
DUNDER_RESULT = """
    class _Liar:
        def __eq__(self, other):
            return True
        def __array__(self, dtype=None, copy=None):
            return np.zeros(2, dtype=int)
        def __float__(self):
            return 0.0
        def __len__(self):
            return 2
        def __bool__(self):
            return True
    """
NEVER_RETURNS = "while np.ndim(a) == 2:\n        pass"
SLEEPER = "import time\n    while np.ndim(x) == 2 and len(x) == 50:\n        time.sleep(1)"
GENERATOR = "return (v for v in range(10**9))"
HUGE = "return np.zeros((20_000, 1_000))"
SELF_REFERENCE = "_a = []\n    _a.append(_a)\n    return _a"
# written against the channel's mirror bookkeeping: zero, in place, every array and dict a test ever handed over
# (those of earlier hidden parts, which the trusted side has let go of, too), or answer with lists of objects
# equal to everything, -0.0 and True (which a mirror's change check must not take for 0.0 and 1)
ZERO_WHAT_IT_KEPT = ("_k = globals().setdefault('_kept', [])\n    _k.append(dict(locals()))\n"
                     "    for _d in _k:\n        for _v in list(_d.values()):\n"
                     "            if isinstance(_v, dict):\n                _v.clear(); _v.update(n=0.0)\n"
                     "            elif isinstance(_v, np.ndarray) and _v.flags.writeable:\n                _v.fill(0)")
EQUAL_TO_EVERYTHING = ("class _Eq(list):\n        def __eq__(self, other): return True\n"
                       "        def __hash__(self): return 0\n    return [_Eq(), -0.0, True, {'k': _Eq()}]")
MESSAGE_CARRIES_DATA = "raise ValueError('LEAK ' + repr(a) + repr(locals()))"
# student code looking for the trusted process: other processes' memory and command lines, any socket
PROBE = """
    import os

    def _probe():
        found = []
        for pid in os.listdir('/proc'):
            if pid.isdigit() and int(pid) != os.getpid():
                for name in ('cmdline', 'environ', 'mem'):
                    try:
                        with open(f'/proc/{pid}/{name}', 'rb') as f:
                            found.append(f.read(4096))
                    except OSError:
                        pass
        text = b' '.join(found)
        if b'HiddenNamespace' in text or b'hidden test' in text:      # the trusted program's text
            raise ValueError('FOUND ' + text.decode(errors='replace')[:2000])
    """

# what only a hidden input or the trusted process could put on a page: test_step_function's hidden input
# -1e-9 (as repr shows it), the probe's finding (visible inputs, which the recorder also sees, are public)
LEAK_MARKS = ("1e-09", "1.e-09", "FOUND", "HiddenNamespace")


def _hand_ins():
    reference = REFERENCE[P01]
    recorded = dict(reference)
    recorded["ex_step_function"] = reference["ex_step_function"] + "\n\n" + textwrap.dedent(RECORDER).strip()
    recorded["ex_xor_gate"] = reference["ex_xor_gate"].replace('"""\n    ### BEGIN SOLUTION',
                                                               '"""\n    ' + LEAKER + "\n    ### BEGIN SOLUTION", 1)
    assert recorded["ex_xor_gate"] != reference["ex_xor_gate"]
    subclass = prefixed(reference, "ex_perceptron", HONEST_SUBCLASS)
    dunders = junk(DUNDER_RESULT, "return _Liar()")
    return {
        # student → (notebook, expected score)
        "honest": (notebook(P01, reference), MAX[P01]),
        "t1_code_swap": (notebook(P01, junk(CODE_SWAP)), 0),
        "t1_code_swap_then_honest": (notebook(P01, prefixed(reference, "ex_train_perceptron", CODE_SWAP)), MAX[P01]),
        "t2_hidden_inputs_out": (notebook(P01, recorded), MAX[P01] - _points("test_xor_gate")),
        "t3_honest_subclass": (notebook(P01, subclass), MAX[P01]),
        "u1_forged_handle": (notebook(P01, junk(FORGED_CHANNEL.format(answer='{"$h": 4242}'))), 0),
        "u1_channel_answers_one": (notebook(P01, junk(FORGED_CHANNEL.format(answer="1"))), 0),
        "u2_own_dunders": (notebook(P01, dunders), 0),
        "u3_huge_result": (notebook(P01, junk(hook=HUGE)), 0),
        "u3_self_reference": (notebook(P01, junk(hook=SELF_REFERENCE)), 0),
        "u4_generator": (notebook(P01, junk(hook=GENERATOR)), 0),
        "u5_never_returns": (notebook(P01, junk(hook=NEVER_RETURNS)), 0),
        "u5_sleeps_in_hidden": (notebook(P01, _sleeper(reference)), MAX[P01] - _points("test_perceptron")),
        "u6_exception_carries_data": (notebook(P01, junk(hook=MESSAGE_CARRIES_DATA)), 0),
        "u8_zeroes_what_it_kept": (notebook(P01, junk(hook=ZERO_WHAT_IT_KEPT)), 0),
        "u8_equal_to_everything": (notebook(P01, junk(hook=EQUAL_TO_EVERYTHING)), 0),
        "u7_probe_trusted": (notebook(P01, junk(PROBE, "_probe()")), 0),
        "u7_probe_then_honest": (notebook(P01, prefixed(reference, "ex_step_function",
                                                         textwrap.dedent(PROBE) + "\n_probe()")),
                                 MAX[P01]),
        "blank": (notebook(P01), 0),
        # the earlier attacks on the verdict in the kernel (tests/test_grader_attacks.py): wrong answers that
        # hook, patch or forge the kernel's checks score 0, with the guard and the allowlist or without them
        **{f"v_{name}": (notebook(P01, junk(*hook)), 0) for name, hook in {
            "displayhook": ("import sys", "getattr(sys, 'displayhook')('ok')"),
            "event_hooks": (attacks.EVENT_HOOKS.replace("%%capture", ""),),
            "guard_patch": (attacks.GUARD_PATCH,), "guard_mark": (attacks.GUARD_MARK, "_cheat()"),
            "frame_jump": (attacks.FRAME_JUMP, "_jump()"), "numpy_alias": (attacks.NUMPY_ALIAS, "_agree()"),
            "numpy_deeper": (attacks.DEEP_PATCH,), "iopub_patch": (attacks.IOPUB_PATCH,),
            "shell_class": (attacks.CLASS_AND_TRANSFORMERS, "_install()"),
            "user_expressions": (attacks.USER_EXPRESSIONS,),
            "backend_module": ("import matplotlib.pyplot as plt\n" + textwrap.dedent(attacks.BACKEND_MODULE),),
        }.items()},
    }


def _sleeper(reference):
    """A right perceptron that, given the hidden test's 50-sample batch, never returns."""
    answers = dict(reference)
    answers["ex_perceptron"] = reference["ex_perceptron"].replace(
        '"""\n    ### BEGIN SOLUTION', '"""\n    ' + SLEEPER + "\n    ### BEGIN SOLUTION", 1)
    assert answers["ex_perceptron"] != reference["ex_perceptron"]
    return answers


# the two gradings of the hostile hand-ins run on one test worker: another would only wait for their lock
pytestmark = pytest.mark.xdist_group("trusted-hand-ins")
HAND_INS = _hand_ins() if ROOTED else {}
RUNS = {"defended": "", "undefended": "guard,allowlist"}


def _grade(root, defences_off):
    result = root / "run.json"
    if result.exists():
        return json.loads(result.read_text())
    shutil.rmtree(root, ignore_errors=True)
    submitted, out = root / "submitted", root / "out"
    for student, (text, _) in HAND_INS.items():
        target = submitted / student / P01 / f"{P01}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
    env = {**os.environ, "AUTOGRADER_TEST_DEFENCES_OFF": defences_off}
    # chapter 01's cells and questions take milliseconds: 15 s is only how long the hand-ins that never return
    # hold a worker (one of them spinning)
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submitted), "--out", str(out), "--jobs", "2",
                          "--chapters", P01, "--quiet", "--cell-timeout", "15"],
                         cwd=paths.REPO, capture_output=True, text=True, timeout=1500, env=env)
    done = {"returncode": run.returncode, "stderr": run.stderr[-3000:]}
    result.write_text(json.dumps(done))
    return done


@pytest.fixture(scope="module", params=list(RUNS))
def graded(request, tmp_path_factory):
    if not ROOTED:
        pytest.skip("needs root and bubblewrap (the grader's sandbox)")
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared / f"trusted-{request.param}"
    with open(shared / f"trusted-{request.param}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            run = _grade(root, RUNS[request.param])
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    out = root / "out"
    rows = {r["student"]: r for r in csv.DictReader(open(out / "grades.csv"))} if (out / "grades.csv").exists() else {}
    return {"run": run, "rows": rows, "out": out, "name": request.param}


def _page(graded, student):
    """The feedback page as a student reads it, without the student's own answers (which it shows)."""
    path = graded["out"] / "feedback" / student / P01 / f"{P01}.html"
    page = html.unescape(path.read_text(encoding="utf-8")) if path.is_file() else ""
    nb = __import__("nbformat").reads(HAND_INS[student][0], as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and nbgrader_meta(cell).get("solution"):
            page = page.replace(cell.source, "")
    return page


@pytest.mark.parametrize("student", sorted(_hand_ins()) if ROOTED else ["-"])
def test_each_hand_in_scores_what_its_answers_earn(graded, student):
    if not ROOTED:
        pytest.skip("needs root and bubblewrap")
    assert graded["run"]["returncode"] == 0, graded["run"]["stderr"]
    row = graded["rows"].get(student)
    assert row is not None, sorted(graded["rows"])
    expected = HAND_INS[student][1]
    assert row["status"] in ("graded", "flagged"), row
    assert float(row["score"]) == expected, (graded["name"], row)
    page = _page(graded, student)
    assert page, "no feedback page"
    leaked = [mark for mark in LEAK_MARKS if mark in page]
    assert not leaked, (graded["name"], student, leaked)


@pytest.mark.parametrize("graded", ["undefended"], indirect=True)   # the defended run flags what the allowlist finds
def test_without_the_defences_nothing_is_flagged(graded):
    assert all(r["status"] == "graded" for r in graded["rows"].values()), graded["rows"]
