"""What an answer cell may contain: an allowlist, read from the code's syntax tree.

Only the student's answer cells run when a submission is graded (``assemble.py``); this check reads
them and lists, for the instructor, every construct the exercises do not need and that could reach
the grader's machinery instead: dunder names and attributes, the reflective builtins (``getattr``,
``vars``, ``eval``, ``open`` …), imports outside the course's libraries, numpy's escape hatches,
pickled loads, IPython magics and ``!`` lines, and rebinding what the lesson's locked cells define
(``check = …``, ``np.allclose = …``). A finding never changes the score: the submission is graded as
usual and marked ``flagged``, with each construct and where it is, for review.

A name is matched as a spelling, whatever the spelling is built from at run time: that is why
``getattr``, ``vars`` and dunder strings are on the list rather than the attributes they could reach.

Inside a method of a class the answer defines, ``self._x`` and ``self.sum = …`` are the student's own
object, and the method may call its bases on it (``super().__init__()``, ``dict.__init__(self)``).
That holds only while nothing but an instance can become ``self``, so every other way to hand a
method an object is flagged: the method reached through its class (``Tidy.go(np)``, an alias of the
class, ``type(x).go``), called as a plain function in its class body, changed by a decorator or a
metaclass of the answer's, or ``super()`` outside an instance method.
"""
import ast
import builtins
import functools
import glob
import importlib.util
import os
import re
import sys
from dataclasses import dataclass

from ..cells import grade_id, is_solution, nbgrader_meta
from .cell_syntax import parse_cell

COURSE_MODULES = {"numpy", "math", "cmath", "random", "statistics", "collections", "itertools", "functools",
                  "typing", "dataclasses", "matplotlib", "scipy", "sklearn", "tensorflow", "keras", "mlxtend",
                  "time"}
ESCAPE_MODULES = {"numpy.ctypeslib", "numpy.f2py", "numpy.lib", "numpy.testing", "numpy.distutils"}
ESCAPE_ATTRIBUTES = {"ctypeslib", "f2py", "lib", "testing", "distutils", "memmap", "DataSource", "fromfile",
                     "load", "loadtxt", "genfromtxt", "frombuffer"}
REFLECTIVE = {"getattr", "setattr", "delattr", "vars", "globals", "locals", "eval", "exec", "compile",
              "__import__", "open", "breakpoint", "input", "get_ipython", "memoryview", "exit", "quit",
              "get_type_hints", "ForwardRef"}    # typing evaluates a string annotation as code
ALLOWED_DUNDERS = {"__init__"}          # super().__init__(...) in a class the exercise asks for
# Modules no exercise needs, however they are reached (``typing.sys``, ``m.modules['os']``), and the
# attributes that lead into the interpreter, the kernel or a caller's frame.
OUTSIDE = {"sys", "os", "builtins", "importlib", "subprocess", "threading", "_thread", "ctypes", "gc", "inspect",
           "linecache", "traceback", "types", "io", "pickle", "marshal", "socket", "atexit", "weakref", "pathlib",
           "shutil", "tempfile", "posix", "multiprocessing", "concurrent", "asyncio", "code", "codeop", "runpy",
           "pkgutil", "zipimport", "IPython", "ipykernel", "jupyter_client", "zmq", "operator", "resource", "signal"}
REFLECTIVE_ATTRIBUTES = OUTSIDE - {"signal"} | {
    "modules", "f_back", "f_code", "f_globals", "f_locals", "f_lineno", "f_trace", "f_builtins", "tb_frame",
    "tb_next", "gi_frame", "cr_frame", "ag_frame", "co_consts", "co_code", "co_names", "settrace", "setprofile",
    "gettrace", "excepthook", "displayhook", "kernel", "events", "set_custom_exc", "user_expressions", "user_ns",
    "user_global_ns", "iopub_socket", "iopub_thread", "send_multipart", "session", "shell", "run_cell", "run_code",
    "run_ast_nodes", "showtraceback", "input_transformers_cleanup", "input_transformers_post",
    "input_transformer_manager", "ast_transformers", "system", "getoutput", "popen", "load_library",
    "get_type_hints", "ForwardRef", "enable_unsafe_deserialization", "format_map", "load_op_library"}
SELF = {"self", "cls"}
# decorators that leave a method's first parameter the object it was called on (staticmethod does not)
SAFE_DECORATORS = {"property", "classmethod", "cached_property", "abstractmethod", "function"}
PROPERTY_PARTS = {"setter", "getter", "deleter"}
# names the checks below trust to be the builtins: rebinding one anywhere in an answer is itself a finding
# (``type`` is not one: whatever it is, ``type(x).go`` and ``T = type(x)`` are flagged all the same)
RELIED_ON = {"super", "isinstance", "issubclass", "property", "classmethod", "print", "str", "repr"}
TYPE_READERS = {"isinstance", "issubclass", "print", "str", "repr"}   # what may receive a class as an argument
DUNDER = re.compile(r"__\w+__")
HISTORY = re.compile(r"In|Out|_ih|_oh|_dh|_i{1,3}|_i?\d+")   # IPython's record of every cell run so far
# a replacement field that reads an attribute or an item: "{0.__class__}", "{0[0].ma.core}"
FORMAT_FIELD_ACCESS = re.compile(r"\{[^{}!:]*[.\[]")


@dataclass(frozen=True)
class Finding:
    cell: str       # grade_id of the answer cell
    line: int
    construct: str  # what was found, as written
    why: str = ""   # when the construct alone does not say it

    def __str__(self) -> str:
        return f"{self.cell} 줄/line {self.line}: `{self.construct}`" + (f" ({self.why})" if self.why else "")


def _parse(source: str) -> tuple[ast.AST | None, bool]:
    """(tree, uses IPython syntax). IPython syntax (%magic, !shell) is itself a finding."""
    parsed = parse_cell(source)
    return parsed.tree, parsed.uses_ipython


def _chain_root(node) -> str | None:
    """``a`` for ``a.b.c``; None when the chain has a call or a subscript in it."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _root(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node


def top_level_bindings(source: str) -> tuple[list[str], list[str]]:
    """(names a cell binds at top level, those of them bound by an import)."""
    tree, _ = _parse(source)
    names, modules = [], []
    for node in tree.body if tree is not None else []:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = (alias.asname or alias.name).split(".")[0]
                names.append(name)
                modules.append(name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        else:
            names += [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    return sorted(set(names)), sorted(set(modules))


def is_locked_code(cell) -> bool:
    """A code cell of the lesson the student cannot change and that is not a test (helpers, data)."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("locked")) and not is_solution(cell) and not meta.get("grade")


def locked_bindings(release) -> dict[str, str | None]:
    """Names the lesson's locked cells bind at top level → the module an import binds them to (None
    for a def or an assignment)."""
    names: dict[str, str | None] = {}
    for cell in release.cells:
        if not is_locked_code(cell):
            continue
        tree, _ = _parse(cell.source)
        for node in tree.body if tree is not None else []:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    module = alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
                    names[(alias.asname or alias.name).split(".")[0]] = module
        bound, _ = top_level_bindings(cell.source)
        for name in bound:
            names.setdefault(name, None)
    return names


@functools.lru_cache(maxsize=None)
def is_module(dotted: str) -> bool:
    """``dotted`` names a module or package on disk (``scipy.stats``), not a function or a class
    (``scipy.stats.entropy``); found without importing anything."""
    parts = dotted.split(".")
    if not all(p.isidentifier() for p in parts):
        return False
    if len(parts) == 1:
        return importlib.util.find_spec(dotted) is not None
    for entry in sys.path:
        base = os.path.join(entry or ".", *parts)
        if os.path.isdir(base) or os.path.isfile(base + ".py") or glob.glob(glob.escape(base) + ".*.so"):
            return True
    return False


def _module_allowed(module: str) -> bool:
    if any(module == m or module.startswith(m + ".") for m in ESCAPE_MODULES):
        return False
    return module.split(".")[0] in COURSE_MODULES and not OUTSIDE & set(module.split("."))


def _namespace_names() -> set[str]:
    """Names the course's own modules export (``allclose``, ``sqrt``, …): storing one of them as an
    attribute of anything but ``self`` patches a library, whatever the object is called."""
    import math

    import numpy
    return {n for n in (*dir(numpy), *dir(math), *dir(builtins)) if not n.startswith("_")}


NAMESPACE_NAMES = _namespace_names()


def _parameters(node) -> set[str]:
    a = node.args
    return {arg.arg for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg] if arg is not None}


def _scope_names(node, name: str):
    """The ``name`` nodes of a function's body that are its own ``name``: a nested function or lambda
    with a parameter of that name (``def inner(self)``) has its own, whatever it is called with."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and name in _parameters(child):
            stack += [*child.args.defaults, *(d for d in child.args.kw_defaults if d is not None)]
            stack += getattr(child, "decorator_list", [])
            continue
        if isinstance(child, ast.Name) and child.id == name:
            yield child
        stack += list(ast.iter_child_nodes(child))


def _rebound(tree) -> dict[str, ast.AST]:
    """Every name the cell binds anywhere (assignments, parameters, definitions, imports) → where."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            names.setdefault(node.id, node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for name in _parameters(node) | ({node.name} if not isinstance(node, ast.Lambda) else set()):
                names.setdefault(name, node)
        elif isinstance(node, ast.ClassDef):
            names.setdefault(node.name, node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.setdefault((alias.asname or alias.name).split(".")[0], node)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.setdefault(node.name, node)
    return names


def _keeps_binding(decorator, rebound: set[str], libraries: set[str], methods: set[str]) -> bool:
    """A method decorator after which ``self`` is still the instance the method was called on:
    ``property``, ``classmethod`` …, a library's (``tf.function``, ``functools.cached_property``) or
    the setter of a property of the same class (``@value.setter``)."""
    if isinstance(decorator, ast.Call):
        decorator = decorator.func
    if isinstance(decorator, ast.Name):
        return decorator.id in SAFE_DECORATORS and decorator.id not in rebound
    if isinstance(decorator, ast.Attribute):
        root = _chain_root(decorator)
        if decorator.attr in PROPERTY_PARTS and isinstance(decorator.value, ast.Name):
            return decorator.value.id in methods
        return root in libraries and decorator.attr in SAFE_DECORATORS
    return False


def _is_classmethod(method) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "classmethod" for d in method.decorator_list)


@dataclass
class Classes:
    """The classes an answer defines: their own methods (where ``self`` is the student's object) and
    the names of those classes and methods, so that a method reached through its class is seen."""
    own_self: set[int]                  # ids of the Name nodes that are an own method's instance
    methods: dict[int, ast.ClassDef]    # id of an own method → its class
    names: set[str]                     # the classes' names
    method_names: set[str]              # the own methods' names


def classes_of(tree, libraries: set[str] = frozenset()) -> Classes:
    """A method is the student's own (``self._x``, ``self.sum = …`` allowed in it) when it is defined in
    a class body, its first parameter is ``self``/``cls`` and no decorator but property's,
    classmethod's and the like changes what it is called with (``@staticmethod`` does). ``libraries``:
    the names imports bind (whose decorators may be trusted)."""
    rebound = _rebound(tree)
    libraries = set(libraries) | {(a.asname or a.name).split(".")[0] for n in ast.walk(tree)
                                  if isinstance(n, ast.Import) for a in n.names}
    found = Classes(set(), {}, set(), set())
    for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
        found.names.add(cls.name)
        defined = set()
        for method in cls.body:
            if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and method.args.args \
                    and method.args.args[0].arg in SELF \
                    and all(_keeps_binding(d, rebound, libraries, defined) for d in method.decorator_list):
                first = method.args.args[0].arg
                found.own_self |= {id(n) for n in _scope_names(method, first)}
                found.methods[id(method)] = cls
                if not _is_classmethod(method):   # a classmethod called through its class gets the class
                    found.method_names.add(method.name)
            if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defined.add(method.name)
    return found


def answer_classes(sources) -> tuple[set[str], set[str]]:
    """(class names, own method names) of every answer cell of a submission: a class one cell defines
    can be reached through its name in another."""
    names, methods = set(), set()
    for source in sources:
        tree = parse_cell(source).tree
        if tree is not None:
            found = classes_of(tree)
            names |= found.names
            methods |= found.method_names
    return names, methods


def _without_nested_scopes(node):
    """The nodes of a function's body, not those of functions, lambdas or classes defined in it."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        child = stack.pop()
        yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack += list(ast.iter_child_nodes(child))


def _reaching_the_base(tree, classes: Classes) -> tuple[set[int], set[int]]:
    """(ids of ``super()`` calls, ids of ``Base.method`` attributes) by which an own method calls its
    class's bases on its own ``self``: ``super().__init__()``, ``dict.__init__(self)``. ``super()``
    checks that ``self`` is an instance; ``Base.method(self)`` is allowed only with the own method's
    ``self`` and a base its class names."""
    supers, bases = set(), set()
    methods = [n for n in ast.walk(tree) if id(n) in classes.methods]
    for method in methods:
        cls = classes.methods[id(method)]
        for node in _without_nested_scopes(method):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name) and node.func.id == "super" and not node.keywords:
                if not node.args and not _is_classmethod(method) \
                        or len(node.args) == 2 and isinstance(node.args[1], ast.Name) \
                        and id(node.args[1]) in classes.own_self:
                    supers.add(id(node))
            elif isinstance(node.func, ast.Attribute) and node.args and isinstance(node.args[0], ast.Name) \
                    and id(node.args[0]) in classes.own_self and not _is_classmethod(method) \
                    and any(ast.dump(node.func.value) == ast.dump(base) for base in cls.bases):
                bases.add(id(node.func))
    return supers, bases


def _class_value_allowed(node, parent, grandparent) -> bool:
    """A class (of the answer's, or ``type(x)``) used where it cannot be used to call one of its methods
    with a foreign ``self``: constructed, a base, compared, handed to isinstance, raised, caught."""
    if isinstance(parent, ast.Call) and parent.func is node or isinstance(parent, (ast.Compare, ast.Raise)):
        return True
    if isinstance(parent, ast.ClassDef) and node in parent.bases:
        return True
    if isinstance(parent, ast.Tuple) and isinstance(grandparent, (ast.Call, ast.ExceptHandler)):
        parent, grandparent = grandparent, None
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id in TYPE_READERS:
        return True
    return isinstance(parent, ast.ExceptHandler)


def _annotations(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = node.args
            for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]:
                if arg is not None and arg.annotation is not None:
                    yield arg.annotation
            if getattr(node, "returns", None) is not None:
                yield node.returns
        elif isinstance(node, ast.AnnAssign):
            yield node.annotation


def check_answer(source: str, cell: str, locked: dict[str, str | None],
                 classes: tuple[set[str], set[str]] = (set(), set())) -> list[Finding]:
    """Findings in one answer cell; ``classes``: the class and own method names the submission's other
    answer cells define (``answer_classes``)."""
    parsed = parse_cell(source)
    tree = parsed.tree
    if tree is None:
        if parsed.too_large or parsed.uses_ipython:
            # the kernel may run what IPython makes of it, and no one has read that
            line = parsed.error.lineno if parsed.error is not None and parsed.error.lineno else 0
            return [Finding(cell, line or 0, "%, !, ?" if parsed.uses_ipython else "…",
                            "IPython 문법이 섞여 읽을 수 없는 셀 / a cell with IPython syntax the grader cannot read"
                            if parsed.uses_ipython else "읽기에 너무 긴 셀 / a cell too long to read")]
        # a plain syntax error, which the kernel cannot run either (the preflight reports it, its tests fail)
        return []
    magic = parsed.uses_ipython
    found: list[Finding] = []

    def add(node, construct, why=""):
        found.append(Finding(cell, getattr(node, "lineno", 0), construct, why))

    own = classes_of(tree, {name for name, module in locked.items() if module is not None})
    own_self = own.own_self
    class_names, method_names = own.names | classes[0], own.method_names | classes[1]
    own_supers, own_bases = _reaching_the_base(tree, own)
    value_of = {id(child): parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    annotated = {id(n) for a in _annotations(tree) for n in ast.walk(a)}

    def parents(node):
        parent = value_of.get(id(node))
        return parent, value_of.get(id(parent)) if parent is not None else None

    if magic:
        add(tree.body[0] if tree.body else tree, "%, !", "IPython 매직 또는 ! 줄 / IPython magic or ! line")
    imported = {name for name, module in locked.items() if module is not None}
    modules = {name for name, module in locked.items() if module is not None and is_module(module)}
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imported.add((alias.asname or alias.name).split(".")[0])
                modules.add((alias.asname or alias.name).split(".")[0])
                if not _module_allowed(alias.name):
                    add(node, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            for alias in node.names:
                imported.add(alias.asname or alias.name)
                if not node.level and is_module(f"{module}.{alias.name}"):
                    modules.add(alias.asname or alias.name)
                if node.level or not _module_allowed(f"{module}.{alias.name}") or not _module_allowed(module) \
                        or alias.name in REFLECTIVE | REFLECTIVE_ATTRIBUTES:
                    add(node, f"from {module} import {alias.name}")
    for annotation in _annotations(tree):
        for node in ast.walk(annotation):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                add(node, repr(node.value)[:60], "문자열 주석은 코드로 평가될 수 있음 / a string annotation can be "
                                                 "evaluated as code")
    library = set(imported)
    for node in ast.walk(tree):     # ``optimizers = tf.keras.optimizers``: a part of a library, by another name
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and isinstance(node.value, ast.Attribute) \
                and _chain_root(node.value) in library:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            library |= {t.id for t in targets if isinstance(t, ast.Name)}
    for name, where in sorted(_rebound(tree).items()):
        if name in RELIED_ON:
            add(where, f"{name} = …", "내장 이름 / shadows a builtin")
    for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
        # a class decorator or a metaclass of the answer's own gets the class, or its namespace of plain
        # functions, before anyone makes an instance (a library's, such as dataclass, is trusted)
        for hook in [*cls.decorator_list, *(k.value for k in cls.keywords)]:
            root = _root(hook)
            if not (isinstance(root, ast.Name) and root.id in imported):
                add(hook, ast.unparse(hook)[:60], "클래스를 받는 답의 함수 / a function of the answer's that "
                                                  "receives a class")
        # in its class body a method is a plain function: ``go(np)`` there runs it with numpy as self
        body_methods = {m.name for m in cls.body if id(m) in own.methods}
        for statement in cls.body:
            parts = [*statement.decorator_list, *statement.args.defaults] \
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) else [statement]
            for part in parts:
                for n in ast.walk(part):
                    parent = value_of.get(id(n))
                    if isinstance(n, ast.Name) and n.id in body_methods and isinstance(n.ctx, ast.Load) \
                            and not (part in getattr(statement, "decorator_list", ()) and part is parent
                                     and parent.attr in PROPERTY_PARTS):
                        add(n, n.id, "클래스 본문에서 메서드를 함수로 씀 / a method used as a plain function "
                                     "in its class body")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and (node.id in REFLECTIVE or DUNDER.fullmatch(node.id)
                                           or HISTORY.fullmatch(node.id) and isinstance(node.ctx, ast.Load)):
            add(node, node.id)
        elif isinstance(node, ast.Name) and node.id == "super" and isinstance(node.ctx, ast.Load) \
                and id(value_of.get(id(node))) not in own_supers:
            add(node, ast.unparse(value_of.get(id(node)) or node)[:60],
                "자기 클래스 메서드 밖의 super / super outside a method of the answer's own class")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and id(node) not in annotated \
                and (node.id in class_names or node.id == "type"):
            parent, grandparent = parents(node)
            if node.id == "type":   # type(x): the class of anything, the answer's too
                if not (isinstance(parent, ast.Call) and parent.func is node and len(parent.args) == 1):
                    continue
                node, (parent, grandparent) = parent, parents(parent)
            if isinstance(parent, ast.Attribute) and parent.value is node:
                if parent.attr in method_names and id(parent) not in own_bases:
                    add(parent, ast.unparse(parent)[:60], "클래스로 부른 메서드: self 로 아무 객체나 받음 / a method "
                                                          "reached through its class takes any object as self")
            elif not (_class_value_allowed(node, parent, grandparent) or id(parent) in own_supers):
                add(node, ast.unparse(parent if parent is not None else node)[:60],
                    "클래스를 값으로 씀 / a class used as a value")
        elif isinstance(node, ast.Name) and node.id in SELF and not isinstance(node.ctx, ast.Load):
            add(node, f"{node.id} = …", "self/cls 를 다시 묶음 / self or cls rebound")
        elif isinstance(node, ast.Name) and node.id in modules and isinstance(node.ctx, ast.Load):
            parent = value_of.get(id(node))
            if not (isinstance(parent, ast.Attribute) and parent.value is node
                    or isinstance(parent, ast.Call) and parent.func is node):
                add(node, ast.unparse(parent)[:60] if parent is not None else node.id,
                    "모듈을 값으로 씀 / a module used as a value")
        elif isinstance(node, ast.Attribute):
            root = _root(node)
            own = isinstance(root, ast.Name) and id(root) in own_self
            if DUNDER.fullmatch(node.attr) and node.attr not in ALLOWED_DUNDERS:
                add(node, f".{node.attr}")
            elif node.attr in ESCAPE_ATTRIBUTES and not own \
                    and (not isinstance(root, ast.Name) or root.id in imported):
                add(node, ast.unparse(node)[:60])
            elif node.attr in REFLECTIVE_ATTRIBUTES:
                add(node, ast.unparse(node)[:60])
            elif node.attr.startswith("_") and not (isinstance(node.value, ast.Name) and id(node.value) in own_self
                                                    or id(node.value) in own_supers or id(node) in own_bases):
                add(node, ast.unparse(node)[:60])
            elif node.attr == "format" and not (isinstance(node.value, ast.Constant)
                                                and isinstance(node.value.value, str)):
                add(node, ast.unparse(node)[:60], "실행 중에 만든 서식 / a format template built at run time")
            if isinstance(node.ctx, (ast.Store, ast.Del)):
                if not isinstance(root, ast.Name) or root.id in library or root.id in locked \
                        or (not own and node.attr in NAMESPACE_NAMES) \
                        or any(isinstance(n, ast.Call) for n in ast.walk(node.value)):   # type(ax).get_title = …
                    add(node, ast.unparse(node)[:60], "바꿈 / patched")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and (DUNDER.search(node.value) or "autograder" in node.value or node.value in OUTSIDE
                     or FORMAT_FIELD_ACCESS.search(node.value) or "module://" in node.value):
            add(node, repr(node.value)[:60])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and DUNDER.fullmatch(node.name) \
                and node.name not in ALLOWED_DUNDERS:
            # an object whose __eq__ is always True passes every `==` test without an answer
            add(node, f"def {node.name}", "특수 메서드 / a special method")
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                if name in locked or hasattr(builtins, name):
                    add(node, f"global {name}")
        elif isinstance(node, ast.keyword) and node.arg == "allow_pickle":
            add(node.value, "allow_pickle")
    for node in tree.body:    # top-level rebinding of what the locked cells (the tests' helpers) define
        targets = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            targets = [(node.name, node)]
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            targets = [((a.asname or a.name).split(".")[0], node) for a in node.names]
        else:
            targets = [(n.id, n) for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
        for name, where in targets:
            if name in locked and not (isinstance(where, (ast.Import, ast.ImportFrom)) and locked[name] is not None):
                add(where, f"{name} = …", "잠긴 셀의 이름 / a name the lesson's locked cells define")
            elif hasattr(builtins, name) and not name.startswith("_"):
                add(where, f"{name} = …", "내장 이름 / shadows a builtin")
    return sorted(set(found), key=lambda f: (f.line, f.construct))


def findings(nb, release) -> list[Finding]:
    """Findings in every answer cell of ``nb`` (an assembled submission)."""
    locked = locked_bindings(release)
    answers = [cell for cell in nb.cells if cell.cell_type == "code" and is_solution(cell)]
    classes = answer_classes(cell.source for cell in answers)
    found = []
    for cell in answers:
        found += check_answer(cell.source, grade_id(cell), locked, classes)
    return found
