"""The answer-cell allowlist (``grading/answer_check.py``) read directly, without a kernel.

Each attack is one that got past it: code that reaches a library's internals, the interpreter or the
hidden tests without naming anything on the list. A flagged answer keeps its score and goes to the
instructor for review; ``tests/test_grader_attacks.py`` checks that the grade itself holds.
"""
import pathlib

import nbformat
import pytest

from autograder import paths
from autograder.cells import grade_id, is_solution
from autograder.grading.answer_check import answer_classes, check_answer, locked_bindings

REPO = pathlib.Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.name for p in (REPO / "solutions").iterdir() if p.is_dir())
LOCKED_01 = locked_bindings(nbformat.read(paths.solution_notebook("01-perceptron"), as_version=4))

TIDY = "class Tidy:\n    def go(self):\n        self._core.numeric.all = lambda *args, **kwargs: True\n\n"

# name → (answer cell, a fragment of what the finding must name)
ATTACKS = {
    # a module laundered through a container into ``self``, then one level below what the guard recorded
    "module_into_self": ("self = [np][0]\nself._core.numeric.all = lambda *args, **kwargs: True\n", "[np]"),
    "self_outside_a_method": ("def p(self):\n    self.all = lambda *a, **k: True\np(np.linalg)\n", "self.all"),
    "private_through_a_parameter": ("def p(self):\n    return self._core\n", "self._core"),
    "module_in_a_dict": ("d = {'m': np}\n", "{'m': np}"),
    "module_returned": ("def f():\n    return np\n", "return np"),
    # typing evaluates a string annotation as code
    "string_annotation": ("import typing\n\ndef f(x: \"eval('1')\"):\n    pass\n\ntyping.get_type_hints(f)\n",
                          "eval('1')"),
    "get_type_hints_imported": ("from typing import get_type_hints as g\n", "get_type_hints"),
    # IPython runs what these become; the grader's reading of them did not see the code
    "help_escape_first": ("?np\nimport sys\n", "import sys"),
    "escape_on_a_continuation_line": ("%matplotlib inline\ny = (10\n/ 2)\nimport os\n", "%, !, ?"),
    "continued_magic": ("%env X=1 \\\n)))\nimport os\n", "%, !, ?"),
    "pasted_prompts": (">>> import os\n>>> os.getpid()\n", "import os"),
    "indented_cell": ("    import os\n    os.getpid()\n", "import os"),
    # attribute chains spelled inside a format template
    "format_field_chain": ("t = '{0[0].ma.core.inspect.linecache.cache}'.format([1])\n", "linecache"),
    "format_template_built_at_run_time": ("t = '{0' + '.ma}'\nx = t.format(1)\n", "t.format"),
    "str_format_unbound": ("x = str.format('{}', 1)\n", "str.format"),
    # numpy's escape hatches reached from an expression rather than a name
    "pickle_positional": ("x = [np][0].load('p.pkl', None, True)\n", ".load"),
    "testing_through_a_list": ("x = [np][0].testing\n", ".testing"),
    "keras_unsafe_loading": ("import keras\nkeras.config.enable_unsafe_deserialization()\n",
                             "enable_unsafe_deserialization"),
    # second review: a module written to disk, then imported by name as a matplotlib backend
    "backend_module_by_name": ("plt.switch_backend('module://helper_backend')\n", "module://"),
    "native_op_library": ("import tensorflow as tf\ntf.load_op_library('./x.so')\n", "load_op_library"),
    # a library patched through another name, or through a call
    "library_part_by_another_name": ("import tensorflow as tf\noptimizers = tf.keras.optimizers\n"
                                     "optimizers.Adam = object\n", "optimizers.Adam"),
    "scipy_patched_by_another_name": ("import scipy.stats\nst = scipy.stats\nst.entropy = len\n", "st.entropy"),
    "class_patched_through_a_call": ("fig, ax = plt.subplots()\ntype(ax).get_title = lambda self: 'Loss'\n",
                                     "get_title"),
    # third review (issue 24): a method's ``self`` is the student's own object only when the method is
    # called on an instance; numpy handed in as ``self`` another way reaches numpy's internals
    "numpy_as_self_through_the_class": (TIDY + "Tidy.go(np.ma.core.np)\n", "Tidy.go"),
    "numpy_as_self_after_an_honest_base_call": (
        "class Tidy(dict):\n    def go(self):\n        dict.__init__(self)\n        self._core.numeric.all = len\n\n"
        "Tidy.go(np.ma.core.np)\n", "Tidy.go"),
    "nested_function_with_its_own_self": (
        "class Tidy:\n    def go(self):\n        def inner(self):\n            self._core.numeric.all = len\n"
        "        inner(np.ma.core.np)\n", "self._core"),
    "nested_function_returned": (
        "class Tidy:\n    def go(self):\n        def inner(self):\n            return self._core\n        return inner\n\n"
        "Tidy().go()(np.ma.core.np)\n", "self._core"),
    "class_by_another_name": (TIDY + "T = Tidy\nT.go(np.ma.core.np)\n", "a class used as a value"),
    "class_in_a_list": (TIDY + "[Tidy][0].go(np.ma.core.np)\n", "a class used as a value"),
    "class_of_an_instance": (TIDY + "type(Tidy()).go(np.ma.core.np)\n", "type(Tidy()).go"),
    "class_of_an_instance_kept": (TIDY + "T = type(Tidy())\nT.go(np.ma.core.np)\n", "a class used as a value"),
    "method_in_its_class_body": ("class Tidy:\n    def go(self):\n        self._core.numeric.all = len\n\n"
                                 "    go(np.ma.core.np)\n", "a method used as a plain function"),
    "staticmethod_self": ("class Tidy:\n    @staticmethod\n    def go(self):\n        self._core.numeric.all = len\n\n"
                          "Tidy().go(np.ma.core.np)\n", "self._core"),
    "decorator_of_the_answer": ("def keep(f):\n    return f\n\nclass Tidy:\n    @keep\n    def go(self):\n"
                                "        return self._core\n", "self._core"),
    "property_getter_reached": ("class Tidy:\n    @property\n    def core(self):\n        return self._core\n\n"
                                "Tidy.core.fget(np.ma.core.np)\n", "Tidy.core"),
    "class_decorator_of_the_answer": ("def run(c):\n    c.go(np.ma.core.np)\n    return c\n\n@run\n" + TIDY,
                                      "receives a class"),
    "metaclass_of_the_answer": ("def meta(name, bases, ns):\n    ns['go'](np.ma.core.np)\n\n"
                                "class Tidy(metaclass=meta):\n    def go(self):\n        return self._core\n",
                                "receives a class"),
    "super_of_a_foreign_pair": (TIDY + "class Sub(Tidy):\n    pass\n\nsuper(Tidy, Sub).go(np.ma.core.np)\n",
                                "super outside a method"),
    "super_in_a_classmethod": (TIDY + "class Sub(Tidy):\n    @classmethod\n    def make(cls):\n"
                               "        super().go(np.ma.core.np)\n", "super outside a method"),
    "super_rebound": ("class A(dict):\n    def __init__(self, super=lambda: np.ma.core.np):\n"
                      "        super().__init__()\n", "super = …"),
    "type_reader_rebound": (TIDY + "def f(t, isinstance=lambda obj, cls: cls.go(np.ma.core.np)):\n"
                                   "    return isinstance(t, Tidy)\n", "isinstance = …"),
    "base_init_on_numpy": ("class A(dict):\n    def go(self):\n        dict.__init__(np.ma.core.np)\n",
                           "dict.__init__"),
    "init_of_a_class_not_a_base": ("class A:\n    def go(self):\n        np.ndarray.__init__(self)\n",
                                   "np.ndarray.__init__"),
}

HONEST = {
    "private_attribute_of_own_class": "class A:\n    def __init__(self):\n        self._x = 1\n\n"
                                      "    def f(self):\n        return self._x\n",
    "f_string_with_a_format_spec": "x = 1.0\ns = f'{x:.3f} and {x!r}'\n",
    "literal_format": "s = '{:.2f} {}'.format(1.0, 2)\n",
    "syntax_error": "def f(:\n    pass\n",                # the kernel cannot run it either
    # a docstring line that starts like an IPython escape is not one (doh_hyunwoo of the example class)
    "syntax_error_with_an_escape_like_docstring_line": "def f(x)\n    \"\"\"a\n/ b\"\"\"\n    return x\n",
    "leading_blank_lines": "\n\nx = np.zeros(3)\n",
    "numpy_types": "def f(x):\n    return isinstance(x, np.ndarray) and x.dtype == np.float64\n",
    # names imported from a module are functions, classes and constants, not modules
    "imported_decorator": "from dataclasses import dataclass\n\n@dataclass\nclass Layer:\n    size: int\n",
    "imported_type": "from typing import Optional\n\ndef f(x: Optional[float] = None):\n    return x\n",
    "imported_constant": "from math import inf, sqrt\nbest = inf\nroots = list(map(sqrt, [1, 4]))\n",
    "imported_class_as_a_value": "from collections import OrderedDict\nok = isinstance({}, OrderedDict)\n",
    # a class of the student's own calls its bases from its own methods (issue 24: flagged before)
    "super_init": "class Model(dict):\n    def __init__(self, size):\n        super().__init__()\n"
                  "        self.size = size\n",
    "super_init_with_arguments": "class Layer:\n    def __init__(self, n):\n        self.n = n\n\n\n"
                                 "class Dense(Layer):\n    def __init__(self, n):\n        super(Dense, self).__init__(n)\n",
    "dict_init_on_self": "class Counter(dict):\n    def __init__(self):\n        dict.__init__(self)\n"
                         "        self._seen = 0\n",
    "base_method_on_self": "class Base:\n    def step(self):\n        return self._rate\n\n\n"
                           "class Fast(Base):\n    def step(self):\n        return 2 * Base.step(self)\n",
    "classmethod_through_the_class": "class Net:\n    def __init__(self, w):\n        self._w = w\n\n"
                                     "    @classmethod\n    def zeros(cls, n):\n        return cls(np.zeros(n))\n\n\n"
                                     "net = Net.zeros(3)\n",
    "property_and_setter": "class T:\n    @property\n    def rate(self):\n        return self._rate\n\n"
                           "    @rate.setter\n    def rate(self, value):\n        self._rate = value\n",
    "instances_and_checks": "class A:\n    def f(self):\n        return self._x\n\n\n"
                            "a = A()\nok = isinstance(a, (A, dict)) and type(a) is A\nprint(type(a))\n",
    "own_exception": "class Stop(Exception):\n    pass\n\n\ntry:\n    raise Stop('x')\nexcept (Stop, ValueError):\n"
                     "    pass\n",
    "type_as_a_parameter": "def act(x, type='relu'):\n    return x if type == 'relu' else -x\n",
    "closure_over_self": "class A:\n    def f(self, xs):\n        return [self._scale * x for x in xs]\n",
}


@pytest.mark.parametrize("name", ATTACKS)
def test_attack_is_flagged(name):
    source, fragment = ATTACKS[name]
    found = check_answer(source, "ex", LOCKED_01)
    assert any(fragment in str(f) for f in found), (name, [str(f) for f in found])


@pytest.mark.parametrize("name", HONEST)
def test_honest_code_is_not_flagged(name):
    assert check_answer(HONEST[name], "ex", LOCKED_01) == []


def test_a_class_of_another_answer_cell_is_known():
    """``Tidy`` defined in one answer cell, its method called through the class in the next."""
    first, second = TIDY, "Tidy.go(np.ma.core.np)\n"
    classes = answer_classes([first, second])
    assert any("Tidy.go" in str(f) for f in check_answer(second, "ex2", LOCKED_01, classes))
    assert check_answer("t = Tidy()\nt.go()\n", "ex2", LOCKED_01, classes) == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_reference_and_independent_answers_are_not_flagged(chapter):
    solution = nbformat.read(paths.solution_notebook(chapter), as_version=4)
    locked = locked_bindings(solution)
    answers = {grade_id(c): c.source for c in solution.cells if c.cell_type == "code" and is_solution(c)}
    answers |= {p.name: p.read_text(encoding="utf-8")
                for p in sorted((REPO / "tests" / "correct_answers" / chapter).glob("*.py"))}
    assert answers
    flagged = {name: [str(f) for f in check_answer(source, name, locked)] for name, source in answers.items()}
    assert {name: f for name, f in flagged.items() if f} == {}
