"""The student's side of the grading channel: runs INSIDE the student's kernel, after the text of
``channel_codec.py`` in the same module (``_autograder_channel``, sent as text by ``execute.py``).

Nothing here is trusted: student code may replace any of it. It only answers the trusted process's
questions about the student's objects; whatever it answers is decoded as data on the trusted side
and judged there. ``snapshot(at)`` keeps the names the notebook had after the visible part of test
cell ``at`` (the hidden part of that cell is asked about those, after the whole notebook ran).
"""
# ruff: noqa: F821  (the names of channel_codec.py, whose text precedes this one in the kernel)
import itertools as _itertools
import json as _json
import queue as _queue
import threading as _threading

_snapshots: dict = {}
_handles: dict = {}
_stack: list = []            # calls running in threads of their own, the innermost last
_local = _threading.local()
_threaded = [False]          # once a test handed over an object of its own, every call runs in a thread


class Trusted:
    """An object a test handed to the student's code (a function to differentiate, a random generator):
    using it asks the trusted side, from the thread the call runs in."""
    __slots__ = ("_number",)

    def __init__(self, number):
        object.__setattr__(self, "_number", number)

    def _ask(self, kind, *args):
        runner = getattr(_local, "runner", None)
        if runner is None:
            raise RuntimeError("a test's object used outside the test's call")
        runner.events.put(("callback", [kind, object.__getattribute__(self, "_number"), *args]))
        reply = runner.replies.get()
        if "error" in reply:
            raise RuntimeError(f"{reply['error'][0]}: {reply['error'][1]}")
        return reply.get("ok")      # decoded by ``serve``, before the mirrors' changes

    def __call__(self, *args, **kwargs):
        return self._ask("call", _codec.encode(tuple(args)), _codec.encode_kwargs(kwargs))

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._ask("getattr", name)

    def __setattr__(self, name, value):
        self._ask("setattr", name, _codec.encode(value))

    def __getitem__(self, key):
        return self._ask("getitem", _codec.encode(key))

    def __setitem__(self, key, value):
        self._ask("setitem", _codec.encode(key), _codec.encode(value))

    def __len__(self):
        return self._ask("len")

    def __iter__(self):
        return iter(self._ask("iter"))


class _Runner:
    def __init__(self, ctx, op, args):
        self.events, self.replies = _queue.Queue(), _queue.Queue()
        self.thread = _threading.Thread(target=self._main, args=(ctx, op, args), daemon=True)

    def _main(self, ctx, op, args):
        _local.runner = self
        try:
            self.events.put(("ok", _in_context(ctx, op, args)))
        except BaseException as error:
            self.events.put(("error", error))

    def wait(self):
        while True:
            try:
                return self.events.get(timeout=0.05)
            except _queue.Empty:
                continue


def _opaque(obj):
    if type(obj) is Trusted:
        return {"$f": object.__getattribute__(obj, "_number")}
    key = id(obj)
    _handles[key] = obj
    return {"$h": key}


def _from_handle(number):
    if number not in _handles:
        raise ChannelError("unknown handle")
    return _handles[number]


def _from_trusted(number):
    _threaded[0] = True
    return Trusted(number)


_codec = Codec("s", _opaque, _from_handle, _from_trusted, (Trusted,))


def snapshot(at) -> str:
    _snapshots[at] = dict(get_ipython().user_ns)   # noqa: F821 (the kernel's builtin)
    return "kept"


def _scalar(obj, kind):
    return {"float": float, "int": int, "index": __import__("operator").index, "bool": bool,
            "complex": complex}[kind](obj)


def _array(obj):
    return np.asarray(obj)


def _in_context(ctx, op, args):
    """``_run`` under the test's warning filters and NumPy error state (``warnings.simplefilter("error")``
    or ``np.errstate(over="raise")`` around a call in a hidden test mean the same here)."""
    import builtins as _builtins
    import warnings as _warnings
    ctx = ctx if type(ctx) is dict else {}
    errstate = ctx.get("errstate") if type(ctx.get("errstate")) is dict else {}
    with _warnings.catch_warnings(), np.errstate(**{k: v for k, v in errstate.items()
                                                    if k in ("divide", "over", "under", "invalid")}):
        filters = ctx.get("warnings")
        if type(filters) is list:
            _warnings.resetwarnings()
            for action, message, category, module, lineno in reversed(filters):
                kind = vars(_builtins).get(category)
                if isinstance(kind, type) and issubclass(kind, Warning):
                    _warnings.filterwarnings(action, message, kind, module, lineno)
        return _run(op, args)


def _run(op, args):
    if op == "name":
        at, name = args
        names = _snapshots.get(at, {})
        if name not in names:
            raise NameError(f"name {name!r} is not defined")
        return names[name]
    target = args[0]
    if op == "getattr":
        return getattr(target, args[1])
    if op == "setattr":
        setattr(target, args[1], args[2])
        return None
    if op == "call":
        return target(*args[1], **args[2])
    if op == "getitem":
        return target[args[1]]
    if op == "setitem":
        target[args[1]] = args[2]
        return None
    if op == "len":
        return len(target)
    if op == "iter":
        items = list(_itertools.islice(iter(target), MAX_ITEMS + 1))
        if len(items) > MAX_ITEMS:
            raise ValueError("too many items")
        return items
    if op == "array":
        return _array(target)
    if op == "scalar":
        return _scalar(target, args[1])
    if op == "isinstance":
        return isinstance(args[1], target) is True
    if op == "type":
        cls = type(target)
        return [str(getattr(cls, "__module__", "")), str(getattr(cls, "__qualname__", ""))]
    raise ChannelError("unknown question")


def _answer(event):
    if event[0] == "callback":
        return {"callback": event[1]}
    _stack.pop()
    if event[0] == "error":
        raise event[1]
    return {"ok": _codec.encode(event[1])}


def serve(text: str) -> str:
    """One question of the trusted process, as ``pack``ed text; the answer, ``pack``ed. A call that uses
    an object of the test's runs in a thread: when it calls that object, the answer is the callback,
    and the next question ("resume") carries its result."""
    try:
        request = unpack(text)
        op, args = request["op"], request["args"]
        threaded = _threaded[0] or '"$f"' in _json.dumps(args)
        # what the question carries first (a new mirror's content comes with its first use), then what changed
        if op == "resume":
            reply = args[0] if type(args[0]) is dict else {}
            args = [{"ok": _codec.decode(reply.get("ok"))} if "error" not in reply else reply]
        elif op != "name":
            args = [_codec.decode(a) for a in args]
        _codec.sync_in(request.get("sync", []))
        _codec.release(request.get("released"))   # last: what the payload brought may already be gone there
        if op == "resume":
            if not _stack:
                raise ChannelError("nothing to resume")
            runner = _stack[-1]
            runner.replies.put(args[0])
        elif threaded:
            runner = _Runner(request.get("ctx"), op, args)
            _stack.append(runner)
            runner.thread.start()
        else:
            runner = None
            answer = {"ok": _codec.encode(_in_context(request.get("ctx"), op, args))}
        if runner is not None:
            try:
                event = runner.wait()
            except BaseException:
                if runner in _stack:
                    _stack.remove(runner)
                raise
            answer = _answer(event)
    except Exception as error:
        answer = {"error": [type(error).__name__, str(error)[:MAX_MESSAGE]]}
    try:
        answer["sync"] = _codec.sync_out()
        return pack(answer)
    except Exception as error:
        return pack({"error": [type(error).__name__, str(error)[:MAX_MESSAGE]], "sync": []})
