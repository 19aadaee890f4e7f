"""Runs inside the student's kernel (sent as text by ``execute.py``; it cannot import the grader).

``start`` is run before any cell, so it records the kernel as IPython and ipykernel made it: the
hooks that decide whether a cell fails (custom exception handlers, event callbacks, input and AST
transformers, display and exception hooks, trace and profile functions), the methods of the shell,
the kernel and its session, and the builtins. ``keep`` records, after each of the lesson's locked
cells, the names that cell bound and the modules it imported. ``restore`` puts all of that back and
is called by the grader before each part of a graded test cell, through ``user_expressions``, which
IPython evaluates without input transformers, AST transformers or event callbacks. ``mark`` is the
last line the grader appends to each test part: its token is seen only when the part ran to its end
and left the libraries as they were. Only visible parts run here: the hidden parts, which decide the
grade, run in the grader's trusted process (docs/trusted-grading.md); the guard is defence in depth.
"""
import builtins
import hashlib
import sys
import threading
import types

TRUSTED_CALLBACKS = ("IPython.", "ipykernel.", "matplotlib", "matplotlib_inline.")
HOOKS = ("displayhook", "excepthook", "breakpointhook", "unraisablehook")
SHELL_TRAITS = ("displayhook", "display_pub", "display_trap", "display_formatter", "compile", "InteractiveTB",
                "SyntaxTB", "input_transformer_manager", "events", "history_manager", "custom_exceptions",
                "CustomTB", "ast_node_interactivity")
# the libraries hidden tests compare with (``scipy.stats.entropy``, Keras's Adam): kept from the start, as a
# warm kernel has them loaded before any cell runs, whether or not a locked cell imports them
COURSE_PACKAGES = ("numpy", "scipy", "sklearn", "tensorflow", "keras", "matplotlib", "mlxtend")
LISTS = ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")
MANAGER_LISTS = ("cleanup_transforms", "line_transforms", "token_transformers")

_state: dict = {}


def answer(kind: str, token: str, *more) -> str:
    """What ``restore`` and ``seen`` return for ``token``; the grader compares with the same function."""
    return hashlib.sha256(":".join([kind, token, *map(str, more)]).encode()).hexdigest()[:16]


def _objects(shell):
    kernel = getattr(shell, "kernel", None)
    found = [shell, kernel, getattr(kernel, "session", None), getattr(kernel, "iopub_socket", None),
             getattr(kernel, "iopub_thread", None), getattr(getattr(kernel, "iopub_socket", None), "io_thread", None),
             shell.displayhook, shell.display_pub, shell.display_formatter, shell.compile,
             shell.input_transformer_manager, shell.events, shell.InteractiveTB, shell.SyntaxTB]
    return [o for o in found if o is not None]


def _classes(objects):
    seen = {}
    for o in objects:
        for cls in type(o).__mro__:
            if cls is not object and cls.__module__ != "builtins":
                seen.setdefault(cls, dict(vars(cls)))
    return seen


def start(shell) -> None:
    objects = _objects(shell)
    _state.update(
        shell=shell, hooks={n: getattr(sys, n) for n in HOOKS}, builtins=dict(vars(builtins)),
        traits={n: getattr(shell, n) for n in SHELL_TRAITS if hasattr(shell, n)},
        lists={n: list(getattr(shell, n)) for n in LISTS},
        manager_lists={n: list(getattr(shell.input_transformer_manager, n)) for n in MANAGER_LISTS},
        callbacks={e: list(c) for e, c in shell.events.callbacks.items()},
        instances=[(o, {k: v for k, v in vars(o).items()}) for o in objects if hasattr(o, "__dict__")],
        classes=_classes(objects), user_ns={k: v for k, v in shell.user_ns.items()},
        kept={}, modules=[], deep={}, marks=set(), threads=set(threading.enumerate()),
        prefixes=tuple(sorted({sys.prefix, sys.base_prefix, sys.exec_prefix})))
    _keep_deep(COURSE_PACKAGES)


def _keep_deep(packages) -> None:
    """The first sight of every loaded module of ``packages`` (at any depth): later, it may be patched."""
    for name, m in list(sys.modules.items()):
        if name.split(".")[0] in packages and isinstance(m, types.ModuleType):
            _state["deep"].setdefault(id(m), (m, dict(vars(m)), True))


def keep(names, modules) -> str:
    """After a locked cell: the values of ``names`` it bound, and the contents of ``modules`` and of
    their direct submodules. The functions and classes of every other loaded module of their packages
    and of the course's libraries are kept too, at any depth: a test's ``np.allclose`` runs code in
    ``numpy._core.numeric``, which an answer can reach without naming numpy (``[np][0]._core…``). Only
    those: libraries set their own deeper globals as they run (TensorFlow's eager context), and putting
    those back would break them."""
    ns = _state["shell"].user_ns
    for name in names:
        if name in ns:
            _state["kept"][name] = ns[name]
    packages = set()
    for name in modules:
        module = ns.get(name)
        if not isinstance(module, types.ModuleType):
            continue
        prefix = str(getattr(module, "__name__", "?"))
        packages.add(prefix.split(".")[0])
        for m in [module] + [v for v in list(vars(module).values()) if isinstance(v, types.ModuleType)
                             and str(getattr(v, "__name__", "")).startswith(prefix + ".")]:
            _state["modules"].append((m, dict(vars(m)), False))
    _keep_deep(packages | set(COURSE_PACKAGES))
    return "kept"


def _restore_dict(target: dict, saved: dict, *, only_callables_added: bool, only_callables: bool = False) -> None:
    for key, value in saved.items():
        if target.get(key, target) is not value and (callable(value) or not only_callables):
            target[key] = value
    if only_callables:
        return      # a deeper module: a name added there is one no library code calls
    for key in [k for k in target if k not in saved]:
        if not only_callables_added or callable(target[key]):
            del target[key]


def _library_code(function) -> bool:
    """Code that lives in the installed libraries, not in a cell (whatever its ``__module__`` says)."""
    code = getattr(getattr(function, "__func__", function), "__code__", None)
    return code is not None and code.co_filename.startswith(_state["prefixes"])


def _trusted(callback) -> bool:
    """A callback IPython or matplotlib registered after start (the inline backend's figure flush)."""
    module = getattr(callback, "__module__", None)
    return isinstance(module, str) and module.startswith(TRUSTED_CALLBACKS) and _library_code(callback) \
        and not hasattr(callback, "__wrapped__")


def _threads_of_cells() -> int:
    """Threads running code written in a cell (a library's own threads are fine)."""
    count = 0
    for thread in threading.enumerate():
        if thread in _state["threads"]:
            continue
        run = getattr(thread, "_target", None) or getattr(type(thread), "run", None)
        if run is not None and not _library_code(run):
            count += 1
    return count


def restore(token: str, shadowing=()) -> str:
    """Put back what ``start`` and ``keep`` recorded; ``shadowing``: builtin names the answers rebind."""
    shell = _state["shell"]
    sys.settrace(None)
    sys.setprofile(None)
    threading.settrace(None)
    threading.setprofile(None)
    for cls, saved in _state["classes"].items():
        current = vars(cls)
        for key, value in saved.items():
            if current.get(key, current) is not value:
                setattr(cls, key, value)
        for key in [k for k, v in current.items() if k not in saved and callable(v)]:
            delattr(cls, key)
    for obj, saved in _state["instances"]:
        current = vars(obj)
        for key in [k for k, v in current.items() if callable(v) and current.get(k) is not saved.get(k, current)]:
            if key in saved:
                current[key] = saved[key]
            elif hasattr(type(obj), key):
                del current[key]
    for name, value in _state["hooks"].items():
        setattr(sys, name, value)
    for name, value in _state["traits"].items():
        if getattr(shell, name) is not value:
            setattr(shell, name, value)
    for name, value in _state["lists"].items():
        getattr(shell, name)[:] = value
    for name, value in _state["manager_lists"].items():
        getattr(shell.input_transformer_manager, name)[:] = value
    callbacks = shell.events.callbacks
    for event in list(callbacks):
        before = _state["callbacks"].get(event, [])
        callbacks[event][:] = [c for c in callbacks[event] if any(c is b for b in before) or _trusted(c)]
    _restore_dict(vars(builtins), _state["builtins"], only_callables_added=True)
    for module, saved, deep in [*_state["modules"], *_state["deep"].values()]:
        _restore_dict(vars(module), saved, only_callables_added=True, only_callables=deep)
    ns = shell.user_ns
    for name, value in {**_state["user_ns"], **_state["kept"]}.items():
        if ns.get(name, ns) is not value:
            ns[name] = value
    for name in shadowing:
        if name in ns and name not in _state["user_ns"] and name not in _state["kept"]:
            del ns[name]    # a builtin the tests may call, shadowed by an answer
    return answer("restored", token) if not _threads_of_cells() else "a thread of the answers' runs"


def mark(token: str) -> None:
    _state["marks"].add(token)


def _libraries_unchanged() -> bool:
    """The modules the locked cells imported, and the builtins, as ``restore`` left them: code under
    test that patches a library while a test runs (``q = np; q.allclose = …``) fails that test."""
    every = [*_state["modules"], *_state["deep"].values(), (builtins, _state["builtins"], False)]
    for module, saved, deep in every:
        current = vars(module)
        if any(current.get(key, current) is not value for key, value in saved.items()
               if not deep or callable(value)):
            return False
    return True


def seen(token: str) -> str:
    return answer("seen", token, token in _state["marks"] and _libraries_unchanged())
