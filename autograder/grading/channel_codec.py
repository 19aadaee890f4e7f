"""The data-only codec of the grading channel (see docs/trusted-grading.md). The same text runs on both
sides: in the student's kernel (sent as text by ``execute.py``) and in the trusted process
(``trusted_main.py``). Standard library and NumPy only; TensorFlow only through ``sys.modules``.

A value crosses as a JSON tree (then base64): ``None``, ``bool``, ``int``, ``float``, ``str`` as
themselves, and one-key objects for the rest::

    {"$l": [...]} list   {"$t": [...]} tuple   {"$d": [[key, value], ...]} dict   {"$c": [re, im]} complex
    {"$a": [dtype, shape, base64]} a NumPy array of bool or numeric dtype (never object)
    {"$s": [dtype, base64]} a NumPy scalar     {"$h": n} the student's object number n (an opaque handle)
    {"$m": key, "v": content} an array, list or dict both sides hold ("mirrored"): "v" when new or changed
    {"$k": array} a TensorFlow tensor (a value) {"$v": array} a TensorFlow variable's value (mirrored)
    {"$f": n} the trusted side's object number n, handed to the student's code by a test (a callback)
    {"$x": [source, [[name, value], ...], defaults]} a test's lambda, to run on the student's side (so that, e.g., a
        GradientTape there sees its operations); {"$o": "tensorflow"} a library module, by name

Decoding checks every node (kind, dtype, shape against the bytes, depth, count, size) and never
unpickles, imports, evaluates or calls anything of the other side's; an unknown node is an error.
"""
import base64
import binascii
import hashlib
import json
import math
import re
import sys
import weakref

import numpy as np

MAX_DEPTH = 24
MAX_NODES = 200_000
MAX_STRING = 1 << 20
MAX_BYTES = 96 << 20          # of one message, before base64
MAX_ITEMS = 100_000           # iterating a student's object yields at most this many items
MAX_MESSAGE = 4000            # characters of an exception's message that cross
DTYPES = frozenset(np.dtype(t).str for t in (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
                                             np.uint32, np.uint64, np.float16, np.float32, np.float64, np.complex64,
                                             np.complex128))
BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
KINDS = frozenset({"$l", "$t", "$d", "$c", "$a", "$s", "$h", "$m", "$k", "$v", "$f", "$x", "$o"})


class ChannelError(Exception):
    """A message that is not data as this codec defines it."""


def pack(tree) -> str:
    data = json.dumps(tree, separators=(",", ":")).encode()
    if len(data) > MAX_BYTES:
        raise ChannelError("message too large")
    return base64.b64encode(data).decode("ascii")


def unpack(text) -> object:
    if type(text) is not str or len(text) > MAX_BYTES * 4 // 3 + 8 or not BASE64.fullmatch(text):
        raise ChannelError("not a message")
    try:
        return json.loads(base64.b64decode(text, validate=True))
    except (ValueError, binascii.Error, RecursionError) as error:
        raise ChannelError(f"not a message: {type(error).__name__}") from None


def _array_tree(a) -> list:
    a = np.asarray(a)     # tobytes() is C order whatever the layout (ascontiguousarray would make 0-d 1-d)
    return [a.dtype.str, list(a.shape), base64.b64encode(a.tobytes()).decode("ascii")]


def _array_from(node) -> np.ndarray:
    if type(node) is not list or len(node) != 3:
        raise ChannelError("bad array")
    dtype, shape, data = node
    if type(dtype) is not str or dtype not in DTYPES or type(shape) is not list or len(shape) > 32 \
            or any(type(n) is not int or n < 0 for n in shape) or type(data) is not str:
        raise ChannelError("bad array")
    try:
        raw = base64.b64decode(data, validate=True)
    except (ValueError, binascii.Error):
        raise ChannelError("bad array") from None
    dt = np.dtype(dtype)
    count = 1
    for n in shape:
        count *= n
    if count * dt.itemsize != len(raw):
        raise ChannelError("array size does not match its shape")
    return np.frombuffer(raw, dtype=dt).reshape(shape).copy()


def digest(obj) -> str:
    a = np.asarray(obj)
    return hashlib.blake2b(a.dtype.str.encode() + repr(a.shape).encode() + a.tobytes(), digest_size=16).hexdigest()


def _token(value) -> tuple:
    """An item of a mirrored list or dict, for telling a change: equal tokens mean an equal encoding. Plain
    values by type and value (a float by its sign too: -0.0 == 0.0, yet they encode differently); anything
    else by identity, the object itself kept in the token so that its id cannot be reused. Its encoding
    cannot change while it is the same object: a tuple, complex or NumPy scalar is immutable, and a
    list, dict or array in it is a mirror of its own, compared on its own. A token never calls the
    item's ``__eq__``: tuples compare ``is`` first, and ids differ before two objects are compared."""
    kind = type(value)
    if kind is float:
        return kind, value, math.copysign(1.0, value)
    if kind in (bool, int, str) or value is None:
        return kind, value
    return kind, id(value), value


def is_data_array(obj) -> bool:
    return type(obj) is np.ndarray and obj.dtype.str in DTYPES


def _tensor_array(obj):
    """A TensorFlow tensor's value as a numeric array, or None."""
    try:
        value = np.asarray(obj.numpy())
    except Exception:
        return None
    return value if is_data_array(value) else None


def _tensorflow_kind(obj) -> str:
    """"variable" or "tensor" for TensorFlow's own classes (looked up in sys.modules, never imported)."""
    tf = sys.modules.get("tensorflow")
    if tf is None:
        return ""
    module = getattr(type(obj), "__module__", "") or ""
    if not module.startswith(("tensorflow.", "keras.")):
        return ""
    try:
        if isinstance(obj, tf.Variable):
            return "variable"
        if isinstance(obj, tf.Tensor) and hasattr(obj, "numpy"):
            return "tensor"
    except Exception:
        return ""
    return ""


def _counted_plain(value, budget: list, depth: int) -> bool:
    """Count one node against the limits; True when it crosses as itself (None, bool, int, float, str)."""
    budget[0] += 1
    if budget[0] > MAX_NODES or depth > MAX_DEPTH:
        raise ChannelError("value too large or too deep")
    kind = type(value)
    if kind is str and len(value) > MAX_STRING:
        raise ChannelError("string too long")
    return value is None or kind in (bool, int, float, str)


class Codec:
    """One side's encoder and decoder, with the arrays, lists and dicts both sides hold ("mirrors").

    ``side`` is "t" (trusted) or "s" (student): each side names the mirrors it makes with its own prefix.
    ``opaque(obj)`` turns what is not data into a tree node (a handle) or raises; ``from_handle(n)`` and
    ``from_trusted(n)`` turn the student's and the trusted side's handles back; ``handle_types`` are
    the proxy classes ``opaque`` encodes at once."""

    def __init__(self, side: str, opaque, from_handle, from_trusted, handle_types=()):
        self.side, self.opaque, self.from_handle, self.from_trusted = side, opaque, from_handle, from_trusted
        self.handle_types = handle_types
        self.count = 0
        self.by_key: dict = {}          # key -> object (strong: the student side; see ``weak``)
        self.weak = weakref.WeakValueDictionary() if side == "t" else None
        self.key_of: dict = {}          # id(object) -> key
        self.synced: dict = {}          # key -> what the other side last saw (digest or tree text)
        self.released: list = []        # keys the trusted side let go of

    # -- mirrors -------------------------------------------------------------------------------
    def _remember(self, key, obj) -> None:
        if self.weak is not None:
            try:
                self.weak[key] = obj
                weakref.finalize(obj, self._forget, key, id(obj))
            except TypeError:
                self.by_key[key] = obj    # a plain dict or list made by a hidden test: kept
        else:
            self.by_key[key] = obj
        self.key_of[id(obj)] = key

    def _forget(self, key, ident) -> None:
        if self.key_of.get(ident) == key:
            del self.key_of[ident]
        self.synced.pop(key, None)
        self.released.append(key)

    def lookup(self, key):
        obj = self.by_key.get(key)
        if obj is None and self.weak is not None:
            obj = self.weak.get(key)
        return obj

    def release(self, keys) -> None:
        for key in keys if type(keys) is list else []:
            obj = self.by_key.pop(key, None)
            if obj is not None and self.key_of.get(id(obj)) == key:
                del self.key_of[id(obj)]
            self.synced.pop(key, None)

    def _sweep(self) -> None:
        """On the trusted side, a plain list or dict a test made cannot be referenced weakly: once nothing but
        this codec holds it (``by_key``'s reference and ``getrefcount``'s argument), it is let go of too."""
        if self.weak is None:
            return
        for key in [k for k in self.by_key if sys.getrefcount(self.by_key[k]) <= 2]:
            self._forget(key, id(self.by_key.pop(key)))

    def live(self) -> list:
        keys = list(self.by_key) + (list(self.weak.keys()) if self.weak is not None else [])
        return [(k, self.lookup(k)) for k in keys if self.lookup(k) is not None]

    def _mirrorable(self, obj) -> bool:
        return type(obj) in (list, dict) or is_data_array(obj) or isinstance(obj, (MirrorList, MirrorDict)) \
            or (self.side == "t" and _tensorflow_kind(obj) == "variable")

    def _content(self, obj, budget):
        if type(obj) is np.ndarray:
            return {"$a": _array_tree(obj)}
        if self._is_variable(obj):
            return {"$v": _array_tree(np.asarray(obj.numpy()))}
        if isinstance(obj, dict):
            return {"$d": [[self.encode(k, budget), self.encode(v, budget)] for k, v in list(obj.items())]}
        return {"$l": [self.encode(v, budget) for v in list(obj)]}

    def _is_variable(self, obj) -> bool:
        return _tensorflow_kind(obj) == "variable" if self.side == "t" else getattr(obj, "_autograder_mirror", False) is True

    def _state(self, obj):
        """What tells whether a mirror changed: an array's digest; a list's or dict's items as ``_token``s."""
        if type(obj) is np.ndarray:
            return digest(obj)
        if self._is_variable(obj):
            return digest(obj.numpy())
        if isinstance(obj, dict):
            return ("d", tuple((_token(k), _token(v)) for k, v in list(obj.items())))
        return ("l", tuple(map(_token, list(obj))))

    def sync_out(self) -> list:
        """Every mirror whose content changed since the other side last saw it."""
        budget, out = [0, 0], []
        self._sweep()
        for key, obj in self.live():
            state = self._state(obj)
            if self.synced.get(key) == state:
                continue
            self.synced[key] = state
            out.append({"$m": key, "v": self._content(obj, budget)})
        return out

    # -- encoding ------------------------------------------------------------------------------
    def encode(self, obj, budget=None, depth=0):
        budget = budget if budget is not None else [0, 0]
        if _counted_plain(obj, budget, depth):
            return obj
        kind = type(obj)
        if kind in self.handle_types:
            return self.opaque(obj)
        key = self.key_of.get(id(obj))
        if key is not None and self.lookup(key) is obj:
            return {"$m": key}
        if kind is complex:
            return {"$c": [obj.real, obj.imag]}
        if isinstance(obj, np.generic) and np.dtype(type(obj)).str in DTYPES:
            return {"$s": _array_tree(np.asarray(obj))[::2]}
        if kind is tuple:
            return {"$t": [self.encode(v, budget, depth + 1) for v in obj]}
        if _tensorflow_kind(obj) == "tensor":
            value = _tensor_array(obj)
            if value is not None:
                return {"$k": _array_tree(value)}
        if self._mirrorable(obj):
            self.count += 1
            key = f"{self.side}{self.count}"
            self._remember(key, obj)
            budget[1] += obj.nbytes if type(obj) is np.ndarray else 0
            if budget[1] > MAX_BYTES:
                raise ChannelError("value too large")
            content = self._content(obj, budget)
            self.synced[key] = self._state(obj)
            return {"$m": key, "v": content}
        return self.opaque(obj)

    def encode_kwargs(self, kwargs: dict) -> dict:
        """A call's keyword arguments: the dict is made for the call, so it crosses as a plain dict (a mirror
        would outlive the call on both sides, and every later question would check it); its values as usual."""
        budget = [0, 0]
        return {"$d": [[self.encode(k, budget, 1), self.encode(v, budget, 1)] for k, v in kwargs.items()]}

    # -- decoding ------------------------------------------------------------------------------
    def decode(self, node, budget=None, depth=0):
        budget = budget if budget is not None else [0]
        if _counted_plain(node, budget, depth):
            return node
        kind = type(node)
        if kind is not dict or len(node) not in (1, 2):
            raise ChannelError("not data")
        tag = next(iter(node))
        if tag not in KINDS or (len(node) == 2 and (tag != "$m" or set(node) != {"$m", "v"})):
            raise ChannelError("not data")
        body = node[tag]
        if tag == "$t":
            return tuple(self._items(body, budget, depth))
        if tag == "$l":
            return self._items(body, budget, depth)
        if tag == "$d":
            return self._dict(body, budget, depth)
        if tag == "$c":
            if type(body) is not list or len(body) != 2 or any(type(x) not in (int, float) for x in body):
                raise ChannelError("bad complex")
            return complex(body[0], body[1])
        if tag == "$a":
            return _array_from(body)
        if tag == "$s":
            if type(body) is not list or len(body) != 2:
                raise ChannelError("bad scalar")
            return _array_from([body[0], [], body[1]])[()]
        if tag in ("$x", "$o"):
            if self.side != "s":
                raise ChannelError("code only goes to the student's side")
            return self._code(tag, body, budget, depth)
        if tag in ("$h", "$f"):
            if type(body) is not int:
                raise ChannelError("bad handle")
            return self.from_handle(body) if tag == "$h" else self.from_trusted(body)
        if tag == "$k":
            return self._tensorflow("constant", _array_from(body))
        if tag == "$v":
            raise ChannelError("a variable outside a mirror")
        return self._mirror(node, budget, depth)

    def _items(self, body, budget, depth) -> list:
        if type(body) is not list:
            raise ChannelError("bad list")
        return [self.decode(v, budget, depth + 1) for v in body]

    def _dict(self, body, budget, depth) -> dict:
        if type(body) is not list:
            raise ChannelError("bad dict")
        out = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise ChannelError("bad dict")
            key = self.decode(pair[0], budget, depth + 1)
            if not _hashable_data(key):
                raise ChannelError("bad dict key")
            out[key] = self.decode(pair[1], budget, depth + 1)
        return out

    def _code(self, tag, body, budget, depth):
        """On the student's side only: a library module by name, or a test's lambda made from its source."""
        if tag == "$o":
            if type(body) is not str or body not in sys.modules:
                raise ChannelError("unknown module")
            return sys.modules[body]
        if type(body) is not list or len(body) != 3 or type(body[0]) is not str:
            raise ChannelError("bad lambda")
        names = _Defaults({"__builtins__": __builtins__})    # default expressions: their values follow
        names.update(self._dict(body[1], budget, depth))
        function = eval(compile(body[0], "<test lambda>", "eval"), names)
        defaults = self.decode(body[2], budget, depth + 1)
        if defaults is not None:
            function.__defaults__ = tuple(defaults)
        return function

    def _tensorflow(self, kind, array):
        tf = sys.modules.get("tensorflow")
        if tf is None:
            raise ChannelError("no TensorFlow on this side")
        if kind == "constant":
            return tf.constant(array)
        variable = tf.Variable(array)
        return variable

    def _mirror(self, node, budget, depth):
        key = node["$m"]
        if type(key) is not str or not re.fullmatch(r"[ts][0-9]{1,9}", key):
            raise ChannelError("bad mirror")
        current = self.lookup(key)
        if "v" not in node:
            if current is None:
                raise ChannelError("unknown mirror")
            return current
        content = node["v"]
        if type(content) is not dict or len(content) != 1 or next(iter(content)) not in ("$a", "$l", "$d", "$v"):
            raise ChannelError("bad mirror")
        tag, body = next(iter(content.items()))
        if tag == "$v" and key[0] != "t":     # only a test makes variables
            raise ChannelError("bad mirror")
        if tag in ("$a", "$v"):
            value = _array_from(body)
            if tag == "$v":
                if current is None:
                    current = self._tensorflow("variable", value)
                    if self.side == "s":
                        current._autograder_mirror = True
                else:
                    current.assign(value)
            elif current is not None and type(current) is np.ndarray and current.shape == value.shape \
                    and current.dtype == value.dtype:
                if current.flags.writeable:
                    current[...] = value
                else:
                    current = value
            else:
                current = value
        elif tag == "$d":
            value = self._dict(body, budget, depth)
            if isinstance(current, dict):
                current.clear()
                current.update(value)
            else:
                current = MirrorDict(value) if self.side == "t" else value
        else:
            value = self._items(body, budget, depth)
            if isinstance(current, list):
                current[:] = value
            else:
                current = MirrorList(value) if self.side == "t" else value
        if self.lookup(key) is not current:
            old = self.lookup(key)
            if old is not None:
                self.key_of.pop(id(old), None)
            self.by_key.pop(key, None)
            self._remember(key, current)
        self.synced[key] = self._state(current)
        return current

    def sync_in(self, mirrors) -> None:
        if type(mirrors) is not list:
            raise ChannelError("bad sync")
        budget = [0]
        for node in mirrors:
            if type(node) is not dict or set(node) != {"$m", "v"}:
                raise ChannelError("bad sync")
            self._mirror(node, budget, 0)


class _Defaults(dict):
    def __missing__(self, name):
        if name in vars(__import__("builtins")):
            raise KeyError(name)
        return None


class MirrorList(list):
    """A list both sides hold (weakly referenced on the trusted side)."""


class MirrorDict(dict):
    """A dict both sides hold (weakly referenced on the trusted side)."""


def _hashable_data(key) -> bool:
    if key is None or type(key) in (bool, int, float, str, complex) or isinstance(key, np.generic):
        return True
    return type(key) is tuple and all(_hashable_data(k) for k in key)
