"""Compiled Python (``.pyc``) read without running it: its code objects' constants and names.

A ``.pyc`` is a 16-byte header and a marshalled code object. ``marshal`` builds the code object and
nothing in it runs; only a file of this interpreter's bytecode version is loaded (another version's
format is not ``marshal``'s to read, and is searched as plain bytes instead).

A function compiled from the reference solution has the same bytecode, constants and names wherever
it was compiled (line numbers and file names aside): its fingerprint finds it in a ``.pyc``.
"""
from __future__ import annotations

import hashlib
import importlib.util
import marshal
import types

HEADER = 16
MAGIC = importlib.util.MAGIC_NUMBER
MIN_BYTECODE = 20   # smaller functions (``return x``) are too common to tell anything


def load(data: bytes) -> types.CodeType | None:
    """The module's code object of a ``.pyc`` of this interpreter; None for anything else."""
    if len(data) <= HEADER or data[:4] != importlib.util.MAGIC_NUMBER:
        return None
    try:
        code = marshal.loads(data[HEADER:])
    except (ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def code_objects(code: types.CodeType):
    """``code`` and every code object nested in its constants (functions, classes, comprehensions)."""
    stack = [code]
    while stack:
        current = stack.pop()
        yield current
        stack += [c for c in current.co_consts if isinstance(c, types.CodeType)]


def _flat(value):
    if isinstance(value, (tuple, frozenset)):
        for item in value:
            yield from _flat(item)
    elif not isinstance(value, types.CodeType):
        yield value


def constants(code: types.CodeType) -> list:
    """Every constant (numbers, strings, bytes, inside tuples and frozensets too) of every code object."""
    return [value for c in code_objects(code) for const in c.co_consts for value in _flat(const)]


def text(code: types.CodeType) -> str:
    """Its string constants, one per line, then its names: what a search for secret lines can read."""
    lines = []
    for value in constants(code):
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        if isinstance(value, str):
            lines.append(value)
    for c in code_objects(code):
        lines.append(" ".join((c.co_name, *c.co_names, *c.co_varnames)))
    return "\n".join(lines)


def fingerprint(code: types.CodeType) -> str:
    """The same for the same function body compiled anywhere: bytecode, constants, names, not lines."""
    consts = tuple(fingerprint(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts)
    parts = (code.co_code, consts, code.co_names, code.co_varnames, code.co_freevars, code.co_cellvars,
             code.co_argcount, code.co_kwonlyargcount, code.co_flags)
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def function_fingerprints(code: types.CodeType) -> set[str]:
    """Fingerprints of the functions (not the module itself) large enough to be distinctive."""
    return {fingerprint(c) for c in code_objects(code)
            if c is not code and len(c.co_code) >= MIN_BYTECODE and c.co_name not in ("<module>",)}


def compiled_fingerprints(source: str) -> set[str]:
    """Function fingerprints of Python source; an empty set when it does not compile (IPython syntax)."""
    try:
        code = compile(source, "<source>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return set()
    return function_fingerprints(code)
