"""A generated class for the similarity report (issue 28): 30 students' 02-backprop notebooks, with planted copies
and honest look-alikes, and the pairs that truly are copies.

Honest students write each answer from their own choices: one of several ways for every step (how to keep the
losses, how to loop, the forward pass, the loss, the gradients, the update, helpers or not, where to stop),
their own names and comments, so that two honest answers share a step now and then, as real ones do. Everyone
writes the short ``MulLayer`` the same few ways (honest look-alikes). Copiers take someone's answer and:
rename every variable, change the comments and blank lines, reorder the helper functions, or copy a copy and
edit a line of it.
"""
import json
import random
from dataclasses import dataclass, field, replace

from autograder import paths

CHAPTER = "02-backprop"
LONG = ["ex_train_neuron", "ex_numerical_gradient"]
SHORT = "ex_mul_layer"

NAMES = {   # placeholder -> names students pick from
    "losses": ["losses", "history", "loss_list", "record", "errs", "hist"],
    "y": ["y", "pred", "out", "y_hat", "output", "z"],
    "E": ["E", "loss", "err", "cost", "L", "e"],
    "d": ["dy", "delta", "diff", "g", "dE_dy", "r"],
    "dw": ["dw", "grad_w", "gw", "dEdw", "w_grad", "dW"],
    "db": ["db", "grad_b", "gb", "dEdb", "b_grad", "dB"],
    "i": ["epoch", "it", "step", "k", "n", "ep"],
    "grad": ["grad", "g", "result", "out", "numgrad", "dx"],
    "j": ["i", "idx", "j", "k", "pos", "p"],
    "old": ["old", "tmp", "orig", "saved", "keep", "x0"],
    "fp": ["fp", "f_plus", "up", "fxh1", "plus", "hi"],
    "fm": ["fm", "f_minus", "down", "fxh2", "minus", "lo"],
    "xc": ["xc", "x_copy", "work", "xx", "arr", "buf"],
    "helper1": ["loss_of", "half_sq", "sq_err", "mse1", "energy", "objective"],
    "helper2": ["forward", "predict", "neuron", "lin", "affine1", "model"],
    "helper3": ["shifted", "bump", "moved", "nudge", "plus_h", "step_at"],
    "helper4": ["central", "diff_quot", "slope", "two_sided", "cdiff", "secant"],
}

TRAIN_SLOTS = [
    ["{losses} = []", "{losses} = list()", "{losses} = []\nw, b = float(w), float(b)", "{losses}: list = []",
     "w = float(w)\nb = float(b)\n{losses} = []", "{losses} = [] if num_epochs > 0 else []"],
    ["for {i} in range(num_epochs):", "for _ in range(num_epochs):", "for {i} in range(int(num_epochs)):",
     "for {i} in range(1, num_epochs + 1):", "for {i} in np.arange(num_epochs):"],
    ["{y} = w * x + b", "{y} = x * w + b", "{y} = b + w * x", "{y} = {helper2}(x, w, b)", "{y} = np.dot(w, x) + b",
     "{y} = float(w * x + b)"],
    ["{E} = (({y} - t) ** 2) / 2", "{E} = 0.5 * ({y} - t) ** 2", "{E} = {helper1}({y}, t)",
     "{E} = ({y} - t) * ({y} - t) / 2.0", "{E} = np.square({y} - t) / 2", "{E} = 0.5 * pow({y} - t, 2)"],
    ["{losses}.append({E})", "{losses}.append(float({E}))", "{losses} += [{E}]", "{losses}.extend([{E}])",
     "{losses}.insert(len({losses}), {E})"],
    ["if {E} < tol:\n    break", "if {E} < tol: break", "if not {E} >= tol:\n    break",
     "stop = {E} < tol\nif stop:\n    break", "if abs({E}) < tol:\n    break"],
    ["{d} = {y} - t\n{dw} = {d} * x\n{db} = {d}", "{dw} = ({y} - t) * x\n{db} = ({y} - t)",
     "{d} = ({y} - t)\n{dw}, {db} = {d} * x, {d}", "{db} = {y} - t\n{dw} = x * {db}",
     "{dw} = x * ({y} - t)\n{db} = 1.0 * ({y} - t)", "{d} = {y} - t\n{db} = {d}\n{dw} = {db} * x"],
    ["w -= lr * {dw}\nb -= lr * {db}", "w = w - lr * {dw}\nb = b - lr * {db}", "w, b = w - lr * {dw}, b - lr * {db}",
     "b -= lr * {db}\nw -= lr * {dw}", "w += -lr * {dw}\nb += -lr * {db}"],
    ["return w, b, {losses}", "return (w, b, {losses})", "return w, b, list({losses})",
     "result = (w, b, {losses})\nreturn result", "return float(w), float(b), {losses}"],
]
TRAIN_HELPERS = {"{helper1}": "def {helper1}(p, q):\n    return (p - q) ** 2 / 2",
                 "{helper2}": "def {helper2}(a, w, b):\n    return w * a + b"}

NUMGRAD_SLOTS = [
    ["{grad} = np.zeros_like(x, dtype=float)", "{grad} = np.zeros(x.shape)", "{grad} = np.empty_like(x, dtype=np.float64)",
     "{grad} = np.zeros(np.shape(x), dtype=float)", "{grad} = 0.0 * np.asarray(x, dtype=float)"],
    ["{xc} = x.astype(float)", "{xc} = np.array(x, dtype=float, copy=True)", "{xc} = x.copy().astype(np.float64)",
     "{xc} = np.asarray(x, dtype=float).copy()", "{xc} = x + 0.0"],
    ["for {j} in range({xc}.size):", "for {j} in np.ndindex({xc}.shape):", "for {j} in range(len({xc}.flat)):",
     "for {j} in range(int(np.prod({xc}.shape))):", "for {j}, _ in enumerate({xc}.flat):"],
    ["{old} = {xc}.flat[{j}]", "{old} = {xc}[np.unravel_index({j}, {xc}.shape)]",
     "{old} = float({xc}.reshape(-1)[{j}])", "{old} = {xc}.ravel()[{j}]", "{old} = {xc}.item({j})"],
    ["{fp} = f({helper3}({xc}, {j}, h))\n{fm} = f({helper3}({xc}, {j}, -h))",
     "{xc}.flat[{j}] = {old} + h\n{fp} = f({xc})\n{xc}.flat[{j}] = {old} - h\n{fm} = f({xc})\n{xc}.flat[{j}] = {old}",
     "{fp}, {fm} = f({helper3}({xc}, {j}, h)), f({helper3}({xc}, {j}, -h))",
     "{xc}.flat[{j}] += h\n{fp} = f({xc})\n{xc}.flat[{j}] -= 2 * h\n{fm} = f({xc})\n{xc}.flat[{j}] += h",
     "for sign in (1, -1):\n    {xc}.flat[{j}] = {old} + sign * h\n    if sign > 0:\n        {fp} = f({xc})\n"
     "    else:\n        {fm} = f({xc})\n{xc}.flat[{j}] = {old}"],
    ["{grad}.flat[{j}] = ({fp} - {fm}) / (2 * h)", "{grad}.flat[{j}] = {helper4}({fp}, {fm}, h)",
     "{grad}.flat[{j}] = 0.5 * ({fp} - {fm}) / h", "{grad}.reshape(-1)[{j}] = ({fp} - {fm}) / h / 2",
     "{grad}.flat[{j}] = ({fp} - {fm}) / (h + h)"],
    ["return {grad}", "return {grad}.reshape(x.shape)", "return np.asarray({grad})", "return {grad}.astype(float)",
     "assert {grad}.shape == x.shape\nreturn {grad}"],
]
NUMGRAD_HELPERS = {"{helper3}": "def {helper3}(a, where, by):\n    moved = a.copy()\n    moved.flat[where] += by\n"
                                "    return moved",
                   "{helper4}": "def {helper4}(hi, lo, step):\n    return (hi - lo) / (2 * step)"}

HEADERS = {"ex_train_neuron": "def train_neuron(x, t, w, b, lr=0.1, num_epochs=200, tol=1e-4):",
           "ex_numerical_gradient": "def numerical_gradient(f, x, h=1e-4):"}
SLOTS = {"ex_train_neuron": (TRAIN_SLOTS, TRAIN_HELPERS), "ex_numerical_gradient": (NUMGRAD_SLOTS, NUMGRAD_HELPERS)}
LOOP_SLOT = {"ex_train_neuron": 1, "ex_numerical_gradient": 2}     # the slots after it are inside the loop
LOOP_END = {"ex_train_neuron": 8, "ex_numerical_gradient": 6}      # ... up to this one

MUL_LAYER = [  # what everyone writes, give or take a blank line
    "    def forward(self, x, y):\n        self.x = x\n        self.y = y\n        return x * y\n\n"
    "    def backward(self, dout):\n        return dout * self.y, dout * self.x",
    "    def forward(self, x, y):\n        self.x, self.y = x, y\n        out = x * y\n        return out\n\n"
    "    def backward(self, dout):\n        dx = dout * self.y\n        dy = dout * self.x\n        return dx, dy",
    "    def forward(self, x, y):\n        self.x = x\n        self.y = y\n        out = x * y\n        return out\n\n"
    "    def backward(self, dout):\n        dx = dout * self.y\n        dy = dout * self.x\n        return dx, dy",
]
COMMENTS = ["# 순전파 / forward", "# 손실 기록", "# gradient step", "# update the parameters", "# 기울기 계산",
            "# stop early", "# loop over every element", "# central difference", "# 결과 / result", "# TODO check"]


@dataclass
class Answer:
    """One way of writing a long answer: a choice per slot, names, comments, helper order."""
    exercise: str
    choices: list[int]
    names: dict[str, str]
    comments: dict[int, str] = field(default_factory=dict)   # slot -> comment line above it
    helper_order: list[str] = field(default_factory=list)
    blank_after: set[int] = field(default_factory=set)

    def render(self) -> str:
        slots, helpers = SLOTS[self.exercise]
        body, depth = [], 1
        for slot, choice in enumerate(self.choices):
            text = slots[slot][choice]
            if slot in self.comments:
                body.append("    " * depth + self.comments[slot])
            body += ["    " * depth + line for line in text.split("\n")]
            if slot == LOOP_SLOT[self.exercise]:
                depth = 2
            if slot == LOOP_END[self.exercise] - 1:
                depth = 1
            if slot in self.blank_after:
                body.append("")
        code = "\n".join([HEADERS[self.exercise], *body])
        used = [h for h in self.helper_order if h in code]
        defs = [helpers[h] for h in used]
        return "\n\n".join([*defs, code]).format(**self.names) + "\n"


def honest(exercise: str, rng: random.Random) -> Answer:
    slots, helpers = SLOTS[exercise]
    choices = [rng.randrange(len(options)) for options in slots]
    names = {key: rng.choice(pool) for key, pool in NAMES.items()}
    comments = {slot: rng.choice(COMMENTS) for slot in rng.sample(range(len(slots)), rng.randrange(0, 4))}
    order = list(helpers)
    rng.shuffle(order)
    return Answer(exercise, choices, names, comments, order, set(rng.sample(range(len(slots)), 2)))


def renamed(answer: Answer, rng: random.Random) -> Answer:
    names = {key: rng.choice([n for n in pool if n != answer.names[key]]) for key, pool in NAMES.items()}
    return replace(answer, names=names)


def recommented(answer: Answer, rng: random.Random) -> Answer:
    slots = range(len(answer.choices))
    comments = {slot: rng.choice(COMMENTS) for slot in rng.sample(slots, 4)}
    return replace(answer, comments=comments, blank_after=set(rng.sample(slots, 3)))


def reordered(answer: Answer) -> Answer:
    return replace(answer, helper_order=list(reversed(answer.helper_order)))


def with_helpers(answer: Answer) -> Answer:
    """The same answer, made to use both helper functions (so that reordering them means something)."""
    choices = list(answer.choices)
    if answer.exercise == "ex_train_neuron":
        choices[2], choices[3] = 3, 2
    else:
        choices[4], choices[5] = 0, 1
    return replace(answer, choices=choices)


def edited(answer: Answer) -> Answer:
    """One line changed (the update, or the return)."""
    choices = list(answer.choices)
    last = len(choices) - 1 if answer.exercise == "ex_numerical_gradient" else 7
    options = len(SLOTS[answer.exercise][0][last])   # the other way of writing that line
    choices[last] = (choices[last] + 1) % options
    return replace(answer, choices=choices)


def generate(seed: int = 28) -> tuple[dict[str, dict[str, str]], set[tuple[str, str, str]]]:
    """({student: {exercise: answer}}, {(exercise, student, student)} the planted copies, pairs sorted)."""
    rng = random.Random(seed)
    students = [f"st{n:02d}" for n in range(1, 31)]
    answers = {s: {e: honest(e, rng) for e in LONG} for s in students}
    truth = set()

    def plant(exercise, original, copier, answer):
        answers[copier][exercise] = answer
        truth.add((exercise, *sorted((original, copier))))

    train, numgrad = "ex_train_neuron", "ex_numerical_gradient"
    plant(train, "st01", "st25", renamed(answers["st01"][train], rng))                 # renamed variables
    plant(train, "st02", "st26", recommented(answers["st02"][train], rng))             # changed comments
    answers["st03"][train] = with_helpers(answers["st03"][train])
    plant(train, "st03", "st27", reordered(renamed(answers["st03"][train], rng)))       # reordered functions
    copy_of_copy = recommented(renamed(edited(answers["st25"][train]), rng), rng)       # a copy of st25's copy
    plant(train, "st25", "st28", copy_of_copy)
    truth.add((train, "st01", "st28"))                                                 # ... so of st01's too
    plant(numgrad, "st04", "st29", recommented(renamed(answers["st04"][numgrad], rng), rng))
    answers["st05"][numgrad] = with_helpers(answers["st05"][numgrad])
    plant(numgrad, "st05", "st30", reordered(recommented(answers["st05"][numgrad], rng)))
    plant(numgrad, "st06", "st25", renamed(answers["st06"][numgrad], rng))

    code = {s: {e: a.render() for e, a in by.items()} for s, by in answers.items()}
    for s in students:
        code[s][SHORT] = None   # filled into the stub's class by notebook()
    return code, truth


def notebook(answers: dict[str, str | None], rng: random.Random) -> str:
    """The lesson with these answers in its answer cells."""
    nb = json.loads(paths.lesson_notebook(CHAPTER).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in LONG:
            cell["source"] = answers[grade_id]
        elif grade_id == SHORT:
            stub = "".join(cell["source"])
            head = stub[:stub.index("    def forward")]
            cell["source"] = head + rng.choice(MUL_LAYER) + "\n"
    return json.dumps(nb, ensure_ascii=False, indent=1)


def write_class(submitted) -> set[tuple[str, str, str]]:
    code, truth = generate()
    rng = random.Random(7)
    for student, answers in code.items():
        target = submitted / student / CHAPTER / f"{CHAPTER}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(notebook(answers, rng), encoding="utf-8")
    return truth
