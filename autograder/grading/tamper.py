"""Static check of student-written code for tampering with what the tests use to check.

Tests run in the student's kernel, so code that redefines a helper (``check``), a builtin the tests
call (``len = ...``), patches a module (``np.allclose = ...``, ``setattr(np, ...)``), or reaches
into the kernel (``get_ipython().set_custom_exc``, input transformers, ``sys.settrace``,
``builtins``, ``exec``) could make a failing test pass. Such a submission is not scored: it is
recorded as ``flagged`` with the lines found, for the instructor to review.
"""
import ast
import builtins

from IPython.core.inputtransformer2 import TransformerManager

from ..cells import is_solution, nbgrader_meta

# Plain names (builtins, modules) that reach into the interpreter. Attribute access such as
# `model.compile(...)` or `model.evaluate(...)` is ordinary Keras and is not matched against these.
FORBIDDEN_NAMES = {"get_ipython", "__builtins__", "builtins", "exec", "eval", "compile", "__import__",
                   "importlib", "setattr", "delattr", "globals", "ctypes", "gc", "inspect", "atexit",
                   "signal", "mock", "unittest", "InteractiveShell", "IPython"}
# Attributes that only matter for tampering with the kernel, the tracer or the test machinery.
FORBIDDEN_ATTRIBUTES = {"__builtins__", "__code__", "__globals__", "settrace", "setprofile", "excepthook",
                        "displayhook", "meta_path", "_getframe", "set_custom_exc", "input_transformers_cleanup",
                        "input_transformers_post", "ast_transformers", "run_cell", "showtraceback",
                        "modules"}
SAFE_MAGICS = {"matplotlib", "time", "timeit", "pip", "capture", "writefile"}


def _safe_ipython_call(node: ast.Call) -> bool:
    """get_ipython().run_line_magic('matplotlib', ...) or .system(...) as made from %magics / !cmd."""
    f = node.func
    if not (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Call)
            and isinstance(f.value.func, ast.Name) and f.value.func.id == "get_ipython"):
        return False
    if f.attr in ("system", "getoutput"):
        return True
    return f.attr in ("run_line_magic", "run_cell_magic") and bool(node.args) \
        and isinstance(node.args[0], ast.Constant) and node.args[0].value in SAFE_MAGICS


def protected_names(release) -> dict[str, str | None]:
    """Names the tests rely on: what the lesson's locked cells define and the builtins tests call,
    with the module an import binds them to (re-importing the same module is fine)."""
    names: dict[str, str | None] = {}
    for cell in release.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type != "code" or not meta.get("locked") and not meta.get("grade"):
            continue
        try:
            tree = ast.parse(TransformerManager().transform_cell(cell.source))
        except SyntaxError:
            continue
        if meta.get("locked") and not meta.get("grade"):
            for name, _, module in _bound_at_top(tree):
                names[name] = module
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and hasattr(builtins, node.id):
                names.setdefault(node.id, None)
    return names


def _bound_at_top(tree) -> list[tuple[str, int, str | None]]:
    """Names bound at module level (or declared global) with their line (and module, for imports)."""
    found = []
    globals_ = {n for node in ast.walk(tree) if isinstance(node, ast.Global) for n in node.names}

    def visit(node, top):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                if top:
                    found.append((child.name, child.lineno, None))
                visit(child, False)
                continue
            if isinstance(child, ast.Name) and isinstance(child.ctx, (ast.Store, ast.Del)) \
                    and (top or child.id in globals_):
                found.append((child.id, child.lineno, None))
            elif isinstance(child, ast.alias) and top:
                found.append(((child.asname or child.name).split(".")[0], getattr(child, "lineno", 0),
                              child.name))
            visit(child, top)

    visit(tree, True)
    return found


def findings(nb, release) -> list[str]:
    """What looks like tampering in the cells a student writes ([] when nothing)."""
    protected = protected_names(release)
    modules = {n for n in protected}  # names bound by imports/defs in locked cells, e.g. np, plt, check
    found = []
    for number, cell in enumerate(nb.cells, start=1):
        meta = nbgrader_meta(cell)
        if cell.cell_type != "code" or (meta.get("locked") and not is_solution(cell)) or meta.get("grade"):
            continue  # locked and test cells are replaced by the lesson's own source
        try:
            tree = ast.parse(TransformerManager().transform_cell(cell.source))
        except SyntaxError:
            continue
        where = f"셀 {number} / cell {number}"
        for name, line, module in _bound_at_top(tree):
            if name in protected and (module is None or module != protected[name]):
                found.append(f"{where}, line {line}: `{name}` 재정의 / redefines `{name}` used by the tests")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _safe_ipython_call(node):
                node.func.value.func.id = "_safe_get_ipython"  # noqa: the safe call is not reported below
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
                for target in targets:
                    root = target
                    while isinstance(root, (ast.Attribute, ast.Subscript)):
                        root = root.value
                    if isinstance(target, ast.Attribute) and isinstance(root, ast.Name) and root.id in modules:
                        found.append(f"{where}, line {node.lineno}: `{ast.unparse(target)}` 바꿈 / "
                                     f"patches `{ast.unparse(target)}`")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                name, forbidden = node.attr, FORBIDDEN_ATTRIBUTES
            else:
                name = node.id if isinstance(node, ast.Name) else \
                    (node.name.split(".")[0] if isinstance(node, ast.alias) else None)
                forbidden = FORBIDDEN_NAMES
            if isinstance(node, ast.ImportFrom) and node.module:
                name = node.module.split(".")[0]
            if name in forbidden:
                found.append(f"{where}, line {getattr(node, 'lineno', '?')}: `{name}` 사용 금지 / "
                             f"`{name}` is not allowed in answers")
    return sorted(set(found))
