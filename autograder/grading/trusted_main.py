"""The trusted process: runs the hidden part of each test cell; no student code ever runs here.

Started by ``trusted.py`` in the sandbox as one program (the text of ``channel_codec.py``, then this
one), it talks with the grader's worker through its standard input and output, one JSON object a
line. It executes the lesson's own setup (the locked cells and the lesson's imports, from the
released lesson, never from a hand-in) once; each submission is then served by a fork of it, so no
state of one submission reaches the next.

In a hidden part, a name the lesson does not define is the student's: it resolves, through the
worker and the student's kernel, to the value that name had after the visible part of the same cell
ran: data (numbers, strings, numeric arrays, lists, tuples and dicts of these) is decoded into this
process; anything else stays in the kernel as a handle (``Remote``) that can only be called, read
or written through the channel. Every comparison is made here, on data.

Protocol (worker → here): ``{"op": "setup", "cells": [...]}``, ``{"op": "submission"}`` (answered
``{"ready": true}`` by the fork), ``{"op": "run", "at": n, "defs": src, "code": src}`` (answered by
questions ``{"ask": text}``, each answered ``{"answer": text}`` or ``{"broken": why}``, then
``{"done": bool, "ename": name, "why": kind}``), ``{"op": "end"}`` (the fork ends: ``{"ended": true}``).
"""
import ast
import builtins
import json
import operator
import os
import sys

try:
    from .channel_codec import MAX_MESSAGE, ChannelError, Codec, MirrorList, pack, unpack   # as part of the package (tests)
except ImportError:
    pass    # run as one program: the codec's text precedes this one

TRUSTED_PACKAGES = ("numpy", "tensorflow", "keras", "scipy", "sklearn", "builtins")


class StudentError(Exception):
    """An exception the student's code raised, named by the student: only its type name and message cross."""


class ChannelBroken(Exception):
    """The student's kernel did not answer (time limit, died) or answered with what is not data."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


def _raise_student(name, message):
    name, message = str(name)[:100], str(message)[:MAX_MESSAGE]
    cls = vars(builtins).get(name)
    if isinstance(cls, type) and issubclass(cls, Exception) and cls.__module__ == "builtins":
        try:
            error = cls(message)
        except Exception:
            error = StudentError(f"{name}: {message}")
    else:
        error = StudentError(f"{name}: {message}")
    raise error


class Link:
    """This process's end of the pipe to the worker (which passes questions on to the kernel)."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    def send(self, message: dict) -> None:
        self.writer.write(json.dumps(message) + "\n")
        self.writer.flush()

    def receive(self) -> dict:
        line = self.reader.readline()
        if not line:
            raise SystemExit(0)
        return json.loads(line)


class Channel:
    def __init__(self, link: Link):
        self.link = link
        self.objects: dict = {}     # number -> an object of the test's handed to the student's code
        self.codec = Codec("t", self._opaque, lambda number: Remote(self, number), self._from_trusted, (Remote,))
        self.at = None

    def _opaque(self, obj):
        if type(obj) is Remote:
            return {"$h": object.__getattribute__(obj, "_number")}
        if isinstance(obj, type(sys)) and obj.__name__.split(".")[0] in TRUSTED_PACKAGES:
            return {"$o": obj.__name__}
        shipped = _LAMBDAS.get(getattr(obj, "__code__", None))
        if shipped is not None and not getattr(obj, "__closure__", None):
            globals_ = getattr(obj, "__globals__", {})
            names = [n for n in obj.__code__.co_names if n in globals_ and not n.startswith("__")]
            try:
                defaults = obj.__defaults__
                return {"$x": [shipped, [[n, self.codec.encode(globals_[n])] for n in names],
                               None if defaults is None else self.codec.encode(tuple(defaults))]}
            except TypeError:
                pass
        number = len(self.objects) + 1
        self.objects[number] = obj
        return {"$f": number}

    def _from_trusted(self, number):
        if number not in self.objects:
            raise ChannelError("unknown object of the test's")
        return self.objects[number]

    @staticmethod
    def _context() -> dict:
        """The test's warning filters and NumPy error state, for the student's code to run under."""
        import warnings
        import numpy as np
        filters = []
        for action, message, category, module, lineno in warnings.filters:
            if getattr(category, "__module__", "") == "builtins" and type(lineno) is int:
                filters.append([str(action), getattr(message, "pattern", "") or "", category.__name__,
                                getattr(module, "pattern", "") or "", lineno])
        return {"warnings": filters, "errstate": {k: str(v) for k, v in np.geterr().items()}}

    def _exchange(self, request: dict) -> dict:
        request = {**request, "sync": self.codec.sync_out(), "released": self.codec.released, "ctx": self._context()}
        self.codec.released = []
        self.link.send({"ask": pack(request)})
        reply = self.link.receive()
        if "answer" not in reply:
            raise ChannelBroken(str(reply.get("broken", "bad"))[:40])
        try:
            answer = unpack(reply["answer"])
            if type(answer) is not dict or not set(answer) <= {"ok", "error", "sync", "callback"} \
                    or "sync" not in answer:
                raise ChannelError("bad answer")
            # what the answer carries first (a new mirror's content comes with its first use), then what changed
            if "callback" in answer:
                spec = answer["callback"]
                if type(spec) is not list or len(spec) < 2:
                    raise ChannelError("bad callback")
                answer["callback"] = spec[:2] + [a if spec[0] in ("getattr", "setattr") and i == 0 else
                                                 self.codec.decode(a) for i, a in enumerate(spec[2:])]
            elif "error" not in answer:
                answer["ok"] = self.codec.decode(answer.get("ok"))
            self.codec.sync_in(answer["sync"])
            return answer
        except (ChannelError, RecursionError, MemoryError) as error:
            raise ChannelBroken(f"bad: {error}") from None

    def ask(self, op: str, *args):
        request = {"op": op, "args": list(args)}
        while True:
            answer = self._exchange(request)
            if "callback" in answer:
                request = {"op": "resume", "args": [self._callback(answer["callback"])]}
                continue
            try:
                if "error" in answer:
                    error = answer["error"]
                    if type(error) is not list or len(error) != 2:
                        raise ChannelError("bad error")
                    _raise_student(*error)
                return answer.get("ok")
            except (ChannelError, RecursionError, MemoryError) as error:
                raise ChannelBroken(f"bad: {error}") from None

    def _callback(self, spec) -> dict:
        """The student's code used an object a test handed to it: do it here, with data (public names only)."""
        try:
            if type(spec) is not list or len(spec) < 2 or type(spec[0]) is not str:
                raise ChannelError("bad callback")
            kind, target, args = spec[0], self._from_trusted(spec[1]), spec[2:]
            name = args[0] if kind in ("getattr", "setattr") and args else ""
            if kind in ("getattr", "setattr") and (type(name) is not str or name.startswith("_")):
                raise AttributeError("only public attributes of a test's object")
            if kind == "call" and len(args) == 2 and type(args[0]) in (tuple, list) and isinstance(args[1], dict):
                value = target(*args[0], **args[1])
            elif kind == "getattr":
                value = getattr(target, name)
            elif kind == "setattr" and len(args) == 2:
                value = setattr(target, name, args[1])
            elif kind == "getitem" and len(args) == 1:
                value = target[args[0]]
            elif kind == "setitem" and len(args) == 2:
                target[args[0]] = args[1]
                value = None
            elif kind == "len":
                value = len(target)
            elif kind == "iter":
                value = list(target)
            else:
                raise ChannelError("bad callback")
            return {"ok": self.codec.encode(value)}
        except ChannelBroken:
            raise
        except ChannelError as error:
            raise ChannelBroken(f"bad: {error}") from None
        except Exception as error:
            return {"error": [type(error).__name__, str(error)[:MAX_MESSAGE]]}

    def encode(self, value):
        return self.codec.encode(value)


def _resolve_class(module: str, qualname: str):
    """A class of a trusted library named by the student's side, found among the modules this process
    has already imported (never imported, never a module's ``__getattr__``); None otherwise."""
    if type(module) is not str or type(qualname) is not str or module.split(".")[0] not in TRUSTED_PACKAGES:
        return None
    found = sys.modules.get(module)
    for part in qualname.split("."):
        if found is None:
            return None
        found = vars(found).get(part) if hasattr(found, "__dict__") else None
    return found if isinstance(found, type) else None


def _materialize(value):
    return value._array() if type(value) is Remote else value


def _binary(op, reflected=False):
    def method(self, other):
        mine, theirs = self._array(), _materialize(other)
        return op(theirs, mine) if reflected else op(mine, theirs)
    return method


class Remote:
    """An object that stays in the student's kernel. Calls, attribute and item access are questions
    through the channel; comparisons and arithmetic first turn it into data (``np.asarray`` on the
    student's side) and are then computed here."""
    __slots__ = ("_channel", "_number")

    def __init__(self, channel, number):
        object.__setattr__(self, "_channel", channel)
        object.__setattr__(self, "_number", number)

    def _ask(self, op, *args):
        return object.__getattribute__(self, "_channel").ask(op, {"$h": object.__getattribute__(self, "_number")},
                                                              *args)

    def _encode(self, value):
        return object.__getattribute__(self, "_channel").encode(value)

    def _array(self):
        value = self._ask("array")
        import numpy as np
        if not (type(value) is np.ndarray or isinstance(value, np.generic)):
            raise TypeError("학생 객체를 숫자 배열로 바꿀 수 없습니다 / the student's object is not numeric data")
        return np.asarray(value)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._ask("getattr", name)

    def __setattr__(self, name, value):
        self._ask("setattr", str(name), self._encode(value))

    def __call__(self, *args, **kwargs):
        return self._ask("call", self._encode(tuple(args)),
                         object.__getattribute__(self, "_channel").codec.encode_kwargs(kwargs))

    def __getitem__(self, key):
        return self._ask("getitem", self._encode(key))

    def __setitem__(self, key, value):
        self._ask("setitem", self._encode(key), self._encode(value))

    def __len__(self):
        value = self._ask("len")
        if type(value) is not int or value < 0:
            raise TypeError("len() must be a non-negative int")
        return value

    def __iter__(self):
        items = self._ask("iter")
        if type(items) not in (list, MirrorList):
            raise TypeError("not iterable")
        return iter(list(items))

    def __contains__(self, item):
        return any(_equal(value, item) for value in self)

    def __array__(self, dtype=None, copy=None):
        array = self._array()
        return array.astype(dtype) if dtype is not None else array

    def _scalar(self, kind, expected):
        value = self._ask("scalar", kind)
        if type(value) not in expected:
            raise TypeError(f"{kind}() of the student's object is not a {kind}")
        return value

    def __float__(self):
        return self._scalar("float", (float,))

    def __int__(self):
        return self._scalar("int", (int,))

    def __index__(self):
        return self._scalar("index", (int,))

    def __complex__(self):
        return self._scalar("complex", (complex,))

    def __bool__(self):
        return bool(self._array())

    def __instancecheck__(self, instance):
        """``isinstance(x, StudentClass)``: the student's side answers, about its own class (a bool)."""
        return self._ask("isinstance", self._encode(instance)) is True

    @property
    def __class__(self):
        module, qualname = (self._ask("type") + [None, None])[:2]
        return _resolve_class(module, qualname) or Remote

    def __repr__(self):
        return "<학생 객체 / the student's object>"

    __str__ = __repr__

    def __format__(self, spec):
        return repr(self)

    __hash__ = object.__hash__
    __eq__ = _binary(operator.eq)
    __ne__ = _binary(operator.ne)
    __lt__ = _binary(operator.lt)
    __le__ = _binary(operator.le)
    __gt__ = _binary(operator.gt)
    __ge__ = _binary(operator.ge)
    __add__, __radd__ = _binary(operator.add), _binary(operator.add, True)
    __sub__, __rsub__ = _binary(operator.sub), _binary(operator.sub, True)
    __mul__, __rmul__ = _binary(operator.mul), _binary(operator.mul, True)
    __truediv__, __rtruediv__ = _binary(operator.truediv), _binary(operator.truediv, True)
    __floordiv__, __rfloordiv__ = _binary(operator.floordiv), _binary(operator.floordiv, True)
    __mod__, __rmod__ = _binary(operator.mod), _binary(operator.mod, True)
    __pow__, __rpow__ = _binary(operator.pow), _binary(operator.pow, True)
    __matmul__, __rmatmul__ = _binary(operator.matmul), _binary(operator.matmul, True)

    def __neg__(self):
        return -self._array()

    def __pos__(self):
        return +self._array()

    def __abs__(self):
        return abs(self._array())

    def __round__(self, digits=None):
        return round(self._array().item(), digits)


def _equal(a, b) -> bool:
    import numpy as np
    try:
        return bool(np.all(np.asarray(_materialize(a)) == np.asarray(_materialize(b))))
    except Exception:
        return False


_LAMBDAS: dict = {}     # code object of a test's lambda -> its source (what crosses to the student's side)


class _MarkLambdas(ast.NodeTransformer):
    """``lambda v: …`` in a hidden part becomes ``__autograder_lambda__(lambda v: …, "lambda v: …")``: a
    lambda a test hands to the student's code runs there, from its source (a GradientTape must see it)."""

    def __init__(self, source):
        self.source = source

    def visit_Lambda(self, node):
        self.generic_visit(node)
        text = ast.get_source_segment(self.source, node)
        if text is None:
            return node
        return ast.copy_location(ast.Call(func=ast.Name("__autograder_lambda__", ast.Load()),
                                          args=[node, ast.Constant(text)], keywords=[]), node)


def _register_lambda(function, source):
    _LAMBDAS[function.__code__] = source
    return function


def _compile_marked(source: str, filename: str):
    tree = _MarkLambdas(source).visit(ast.parse(source))
    return compile(ast.fix_missing_locations(tree), filename, "exec")


class HiddenNamespace(dict):
    """The globals of the hidden parts: the lesson's names, then the student's (asked for once per part)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.channel = None
        self.students: set = set()

    def begin(self, channel, at) -> None:
        for name in self.students:
            self.pop(name, None)
        self.students = set()
        self.channel, channel.at = channel, at

    def __missing__(self, name):
        if name in vars(builtins) or self.channel is None or name.startswith("__"):
            raise KeyError(name)
        try:
            value = self.channel.ask("name", self.channel.at, name)
        except NameError:
            raise KeyError(name) from None
        self[name] = value
        self.students.add(name)
        return value


def _definitions(source: str) -> str:
    """The function and class definitions and the imports of a test's visible part (lesson code: the
    hidden part may use them); nothing else of it runs here."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    keep = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Import,
                                                             ast.ImportFrom))]
    for node in keep:
        if isinstance(node, ast.FunctionDef):
            node.decorator_list = []   # ``@visible_test`` runs the visible test where it is defined: here, only define
    return ast.unparse(ast.Module(body=keep, type_ignores=[])) if keep else ""


def _failure(error: BaseException) -> dict:
    import traceback
    sys.stderr.write("".join(traceback.format_exception(error)[-6:])[-3000:] + "\n")   # the grader's log
    sys.stderr.flush()
    if isinstance(error, ChannelBroken):
        return {"done": False, "ename": "Error", "why": error.why.split(":")[0]}
    name = type(error).__name__ if type(error).__module__ == "builtins" else "Error"
    return {"done": False, "ename": name, "why": "failed"}


def serve_submission(link: Link, namespace: HiddenNamespace) -> None:
    channel = Channel(link)
    link.send({"ready": True})
    while True:
        message = link.receive()
        if message.get("op") == "end":
            link.send({"ended": True})
            return
        if message.get("op") != "run":
            continue
        namespace.begin(channel, message.get("at"))
        before = set(namespace)
        try:
            defs = _definitions(str(message.get("defs", "")))
            namespace["__autograder_lambda__"] = _register_lambda
            if defs:
                exec(_compile_marked(defs, "<lesson>"), namespace)
            exec(_compile_marked(str(message.get("code", "")), "<hidden test>"), namespace)
            result = {"done": True}
        except BaseException as error:   # SystemExit too: a hidden part never ends this process
            result = _failure(error)
        # what the part made goes with it: each hidden test stands alone, and the student's copies of what it
        # mirrored are let go of (each question checks every live mirror for changes)
        for name in set(namespace) - before - namespace.students:
            del namespace[name]
        link.send(result)


def setup(cells) -> list:
    namespace = HiddenNamespace({"__name__": "__main__", "__builtins__": builtins})
    errors = []
    for source in cells:
        try:
            exec(compile(source, "<lesson setup>", "exec"), namespace)
        except BaseException as error:
            errors.append(f"{type(error).__name__}: {error}"[:300])
    return namespace, errors


def main() -> None:
    try:   # not dumpable: no ptrace, no /proc/<pid>/mem, even for a process of the same user
        import ctypes
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)    # PR_SET_DUMPABLE, 0
    except Exception:
        pass
    # the protocol owns the original standard input and output; prints of the lesson's code go nowhere
    reader = os.fdopen(os.dup(0), "r", encoding="utf-8")
    writer = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(null, fd)
    sys.stdout = open(os.devnull, "w")
    link = Link(reader, writer)
    namespace = HiddenNamespace({"__name__": "__main__", "__builtins__": builtins})
    while True:
        message = link.receive()
        if message.get("op") == "setup":
            namespace, errors = setup(message.get("cells", []))
            link.send({"setup": "ok", "errors": errors})
        elif message.get("op") == "submission":
            pid = os.fork()
            if pid == 0:
                try:
                    serve_submission(link, namespace)
                finally:
                    os._exit(0)
            os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
