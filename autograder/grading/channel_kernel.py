"""The student's side of the grading channel: runs INSIDE the student's kernel, after the text of
``channel_codec.py`` in the same module (``_autograder_channel``, sent as text by ``execute.py``).

Nothing here is trusted: student code may replace any of it. It only answers the trusted process's
questions about the student's objects; whatever it answers is decoded as data on the trusted side
and judged there. ``snapshot(at)`` keeps the names the notebook had after the visible part of test
cell ``at`` (the hidden part of that cell is asked about those, after the whole notebook ran).
"""
import itertools as _itertools

_snapshots: dict = {}
_handles: dict = {}


def _opaque(obj):
    key = id(obj)
    _handles[key] = obj
    return {"$h": key}


def _from_handle(number):
    if number not in _handles:
        raise ChannelError("unknown handle")
    return _handles[number]


_codec = Codec("s", _opaque, _from_handle)


def snapshot(at) -> str:
    _snapshots[at] = dict(get_ipython().user_ns)   # noqa: F821 (the kernel's builtin)
    return "kept"


def _scalar(obj, kind):
    return {"float": float, "int": int, "index": __import__("operator").index, "bool": bool,
            "complex": complex}[kind](obj)


def _array(obj):
    return np.asarray(obj)


def _run(op, args):
    if op == "name":
        at, name = args
        names = _snapshots.get(at, {})
        if name not in names:
            raise NameError(f"name {name!r} is not defined")
        return names[name]
    target = _codec.decode(args[0])
    if op == "getattr":
        return getattr(target, args[1])
    if op == "setattr":
        setattr(target, args[1], _codec.decode(args[2]))
        return None
    if op == "call":
        return target(*_codec.decode(args[1]), **_codec.decode(args[2]))
    if op == "getitem":
        return target[_codec.decode(args[1])]
    if op == "setitem":
        target[_codec.decode(args[1])] = _codec.decode(args[2])
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
    if op == "type":
        cls = type(target)
        return [str(getattr(cls, "__module__", "")), str(getattr(cls, "__qualname__", ""))]
    raise ChannelError("unknown question")


def serve(text: str) -> str:
    """One question of the trusted process, as ``pack``ed text; the answer, ``pack``ed."""
    try:
        request = unpack(text)
        _codec.release(request.get("released"))
        _codec.sync_in(request.get("sync", []))
        value = _run(request["op"], request["args"])
        answer = {"ok": _codec.encode(value)}
    except Exception as error:
        answer = {"error": [type(error).__name__, str(error)[:MAX_MESSAGE]]}
    try:
        answer["sync"] = _codec.sync_out()
        return pack(answer)
    except Exception as error:
        return pack({"error": [type(error).__name__, str(error)[:MAX_MESSAGE]], "sync": []})
