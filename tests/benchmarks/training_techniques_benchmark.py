"""Benchmarks of chapter 10 (training techniques), printed as one table.

The chapter's experiments are measured where they run: the reference notebook solutions/10-training-techniques
is executed top to bottom (as the book runs it, FAST = False), with one extra cell at the end that reports what its
experiments found. An independent implementation repeats the same experiments on the same data in the same run:
Keras (the stock tool), with the same layer sizes, initializations, SGD (learning rate 0.1, batch 100), epochs,
weight decay and dropout, so that the effects can be compared with numbers that the chapter's code did not make.

(i)    the reference notebook top to bottom; target <= 30 s (kernel start and the extra cell included).
(ii)   ReLU, 4 hidden layers of 100: std 0.01 / He / Xavier: validation accuracy, chapter and Keras;
       target: He and Xavier learn (> 0.8), std 0.01 stays at chance (< 0.2), in both.
(iii)  std 0.01 without / with batch normalization: validation accuracy, chapter and Keras, and the training time of
       the chapter's NumPy network against Keras' (same epochs); target: batch normalization rescues std 0.01.
(iii') the weight-scale sweep (validation accuracy without / with batch normalization per σ, 1 epoch); target: with
       batch normalization every scale learns (> 0.3, chance is 0.1), without it one scale at most (the one near He).
(iv)   300 training images, 100 epochs: train / test accuracy, the gap and the test loss with none, L2 (λ chosen on
       the validation accuracy among 0.01 and 0.1), dropout (p chosen among 0.1 and 0.2), batch normalization alone and
       early stopping (chapter); none / the chosen L2 / the chosen dropout (Keras); target: the chosen λ and p narrow
       the accuracy gap and lower neither test accuracy, and early stopping lowers the test loss.
(v)    the random search's choice, tested once.
(vi)   grading one complete submission with the course's grader (sandbox, nbgrader autograde, feedback; FAST mode;
       the grader's canary already done); target <= 30 s.

    .venv/bin/python tests/benchmarks/training_techniques_benchmark.py           # full (about two minutes)
    .venv/bin/python tests/benchmarks/training_techniques_benchmark.py --quick   # FAST notebook, no grading
"""
import argparse
import re
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402
import numpy as np  # noqa: E402

from autograder import paths  # noqa: E402
from chapter_runs import full_marks, grade_twice  # noqa: E402

CHAPTER = "10-training-techniques"
BUDGET_NOTEBOOK_S = 30.0
BUDGET_GRADE_S = 30.0
MARKER = "BENCHMARK_JSON "

# Appended to a copy of the reference: reads the experiments' own variables, saves the data for Keras, and times
# one more training of the batch-normalized network (after the chapter's own clock has been read).
REPORT_CELL = """
import json
chapter_seconds, chapter_cpu = time.perf_counter() - chapter_start, time.process_time()
np.savez({data_path!r}, x_train=x_train, y_train=y_train, x_val=x_val, y_val=y_val, x_small=x_small_train,
         y_small=y_small_train, x_test=x_test, y_test=y_test)
_start = time.perf_counter()
fit(make_net(deep, 0.01, batchnorm=True), x_train, y_train, x_val, y_val, lr=0.1, num_epochs=init_epochs)
bn_seconds = time.perf_counter() - _start
print({marker!r} + json.dumps({{
    "fast": FAST, "init_epochs": init_epochs, "overfit_epochs": overfit_epochs, "source": source,
    "init": {{name: log["val_acc"][-1] for name, log in init_runs.items()}},
    "bn": {{name: log["val_acc"] for name, log in bn_runs.items()}}, "bn_seconds": bn_seconds,
    "gaps": gaps, "test_losses": test_losses, "best_lam": best_lam, "best_p": best_p,
    "scales": list(scales), "scale_acc": scale_acc, "stopped": [stopper.best_epoch, len(es_log["val_loss"])],
    "best": best, "num_trials": len(trials), "final_val": final_net.accuracy(x_val, y_val), "final_test": final_test,
    "chapter_seconds": chapter_seconds, "chapter_cpu": chapter_cpu}}))
"""


def run_reference(fast: bool, data_path: Path) -> tuple[float, dict]:
    """Execute the reference with the report cell; return (wall seconds, what the report cell printed)."""
    from autograder.execute import run_notebook
    nb = nbformat.read(paths.solution_notebook(CHAPTER), as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(REPORT_CELL.format(data_path=str(data_path), marker=MARKER)))
    saved = os.environ.get("DLB_FAST")
    os.environ["DLB_FAST"] = "1" if fast else "0"              # the kernel inherits the environment
    try:
        start = time.perf_counter()
        done, errors = run_notebook(nb, paths.solution_notebook(CHAPTER).parent)
        seconds = time.perf_counter() - start
    finally:
        if saved is None:
            os.environ.pop("DLB_FAST", None)
        else:
            os.environ["DLB_FAST"] = saved
    if errors:
        raise RuntimeError(f"the reference raised: {errors}")
    printed = "".join(o.get("text", "") for o in done.cells[-1].outputs if o.get("output_type") == "stream")
    line = next(line for line in printed.splitlines() if line.startswith(MARKER))
    return seconds, json.loads(line[len(MARKER):])


class KerasRuns:
    """The chapter's experiments written with Keras: Dense layers, SGD without momentum, batch 100."""

    def __init__(self, data_path: Path):
        import keras
        self.keras = keras
        with np.load(data_path) as data:
            self.data = {key: data[key].astype(np.float32 if key.startswith("x") else np.int64) for key in data}

    def model(self, sizes, init, batchnorm=False, dropout=0.0, weight_decay=0.0, seed=0):
        keras = self.keras
        keras.utils.set_random_seed(seed)
        initializer = {"He": keras.initializers.HeNormal(seed=seed), "Xavier": keras.initializers.GlorotNormal(seed=seed),
                       "σ = 0.01": keras.initializers.RandomNormal(stddev=0.01, seed=seed)}[init]
        # the chapter's penalty is λ/2·ΣW², Keras' L2(l) adds l·ΣW²
        regularizer = keras.regularizers.L2(weight_decay / 2) if weight_decay else None
        layers = [keras.Input((sizes[0],))]
        for width in sizes[1:-1]:
            layers.append(keras.layers.Dense(width, kernel_initializer=initializer, kernel_regularizer=regularizer))
            if batchnorm:
                layers.append(keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-5))
            layers.append(keras.layers.ReLU())
            if dropout:
                layers.append(keras.layers.Dropout(dropout, seed=seed))
        layers.append(keras.layers.Dense(sizes[-1], kernel_initializer=initializer, kernel_regularizer=regularizer))
        model = keras.Sequential(layers)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), metrics=["accuracy"],
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        return model

    def train(self, model, x, y, epochs) -> float:
        start = time.perf_counter()
        model.fit(x, y, batch_size=100, epochs=epochs, shuffle=True, verbose=0)
        return time.perf_counter() - start

    def accuracy(self, model, x, y) -> float:
        scores = np.asarray(model(x, training=False))          # one call: no tf.function retracing per model
        return float(np.mean(np.argmax(scores, axis=1) == y))

    def validation_accuracy(self, init, epochs, batchnorm=False) -> tuple[float, float]:
        d = self.data
        model = self.model([784, 100, 100, 100, 100, 10], init, batchnorm=batchnorm)
        seconds = self.train(model, d["x_train"], d["y_train"], epochs)
        return self.accuracy(model, d["x_val"], d["y_val"]), seconds

    def gap(self, epochs, **regularization) -> tuple[float, float, float]:
        d = self.data
        model = self.model([784, 100, 100, 100, 100, 10], "He", **regularization)
        self.train(model, d["x_small"], d["y_small"], epochs)
        train_acc, test_acc = self.accuracy(model, d["x_small"], d["y_small"]), self.accuracy(model, d["x_test"], d["y_test"])
        return train_acc, test_acc, train_acc - test_acc


def experiment_rows(seconds: float, found: dict, keras_runs: KerasRuns) -> list[dict]:
    epochs, long_epochs = found["init_epochs"], found["overfit_epochs"]
    rows = [{"id": "(i)", "what": f"reference notebook top to bottom (FAST = {found['fast']}; {found['source']})",
             "value": f"{seconds:.1f} s (the notebook's own clock: {found['chapter_seconds']:.1f} s, "
                      f"CPU {found['chapter_cpu']:.1f} s)",
             "target": f"<= {BUDGET_NOTEBOOK_S:.0f} s", "ok": seconds <= BUDGET_NOTEBOOK_S}]

    ours, theirs = found["init"], {name: keras_runs.validation_accuracy(name, epochs)[0] for name in found["init"]}
    shown = lambda values: " / ".join(f"{values[n]:.3f}" for n in ("σ = 0.01", "He", "Xavier"))  # noqa: E731
    learns = lambda v: v["He"] > 0.8 and v["Xavier"] > 0.8 and v["σ = 0.01"] < 0.2  # noqa: E731
    rows.append({"id": "(ii)", "what": f"ReLU 784-100x4-10, {epochs} epochs, validation accuracy σ 0.01 / He / Xavier",
                 "value": f"chapter {shown(ours)}; Keras {shown(theirs)}",
                 "target": "He, Xavier > 0.8; σ 0.01 < 0.2 (both)", "ok": learns(ours) and learns(theirs)})

    without, with_bn = found["bn"]["BatchNorm 없음 / without"][-1], found["bn"]["BatchNorm"][-1]
    k_without, _ = keras_runs.validation_accuracy("σ = 0.01", epochs)
    k_with, k_seconds = keras_runs.validation_accuracy("σ = 0.01", epochs, batchnorm=True)
    rows.append({"id": "(iii)", "what": f"σ 0.01, {epochs} epochs, validation accuracy without / with batch normalization",
                 "value": f"chapter {without:.3f} / {with_bn:.3f} (training {found['bn_seconds']:.2f} s); "
                          f"Keras {k_without:.3f} / {k_with:.3f} (training {k_seconds:.2f} s, "
                          f"chapter / Keras = {found['bn_seconds'] / k_seconds:.2f})",
                 "target": "with > 0.8 > 0.2 > without (both)",
                 "ok": with_bn > 0.8 and without < 0.2 and k_with > 0.8 and k_without < 0.2})

    scale_acc = found["scale_acc"]
    without_s, with_s = scale_acc["BatchNorm 없음 / without"], scale_acc["BatchNorm"]
    rows.append({"id": "(iii')", "what": "weight-scale sweep σ " + " / ".join(f"{s:g}" for s in found["scales"]) +
                 ": validation accuracy without / with batch normalization",
                 "value": "without " + " / ".join(f"{a:.3f}" for a in without_s) + "; with " + " / ".join(f"{a:.3f}" for a in with_s),
                 "target": "with > 0.3 at every σ; without > 0.3 at one σ at most",
                 "ok": min(with_s) > 0.3 and sum(a > 0.3 for a in without_s) <= 1})

    gaps, losses = found["gaps"], found["test_losses"]
    lam, p = found["best_lam"], found["best_p"]
    english = lambda name: re.sub(r"[^\x00-\x7fλ][^/]* / ", "", name)  # noqa: E731  "규제 없음 / none" -> "none"
    chapter_gaps = "; ".join(f"{english(name)} {tr:.3f} / {te:.3f} / {gap:.3f} (test loss {losses[name]:.3f})"
                             for name, (tr, te, gap) in gaps.items())
    keras_gaps = {name: keras_runs.gap(long_epochs, **kw) for name, kw in
                  (("none", {}), (f"L2 (λ = {lam})", {"weight_decay": lam}), (f"dropout {p}", {"dropout": p}))}
    keras_text = "; ".join(f"{name} {tr:.3f} / {te:.3f} / {gap:.3f}" for name, (tr, te, gap) in keras_gaps.items())
    none, l2, drop = gaps["규제 없음 / none"], gaps[f"L2 (λ = {lam})"], gaps[f"드롭아웃 / dropout {p}"]
    es_name = "조기 종료 / early stopping"
    best_epoch, stopped = found["stopped"]
    rows.append({"id": "(iv)", "what": f"300 training images, {long_epochs} epochs: train / test / gap (chosen λ = {lam}, p = {p})",
                 "value": f"chapter: {chapter_gaps} (early stopping: best epoch {best_epoch + 1}, stopped after {stopped}); "
                          f"Keras: {keras_text}",
                 "target": "chosen λ, p: narrower gap, test accuracy not lower; early stopping: lower test loss",
                 "ok": l2[2] < none[2] and drop[2] < none[2] and l2[1] >= none[1] and drop[1] >= none[1]
                       and losses[es_name] < losses["규제 없음 / none"]})

    best = found["best"]
    rows.append({"id": "(v)", "what": f"random search, {found['num_trials']} trials on the validation data, then one test",
                 "value": f"lr {best['lr']:.3f}, λ {best['weight_decay']:.1e}: validation {found['final_val']:.3f}, "
                          f"test {found['final_test']:.3f}", "target": "-", "ok": True})
    return rows


def grading_time() -> list[dict]:
    first, second, outcome = grade_twice(CHAPTER)
    return [{"id": "(vi)", "what": "grading one complete submission (sandbox, nbgrader autograde, feedback; FAST mode)",
             "value": f"{second:.1f} s, score {outcome.score:g}/{outcome.max_score:g} ({outcome.status}); "
                      f"first run with the grader's canary {first:.1f} s",
             "target": f"<= {BUDGET_GRADE_S:.0f} s", "ok": second <= BUDGET_GRADE_S and full_marks(outcome)}]


def print_table(rows: list[dict], quick: bool) -> None:
    print()
    print(f"# {CHAPTER} benchmark ({'quick: FAST notebook, targets not judged' if quick else 'full'}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    print("| measurement | value | target | met |")
    print("|---|---|---|---|")
    for row in rows:
        met = "-" if quick else ("yes" if row["ok"] else "NO")
        print(f"| {row['id']} {row['what']} | {row['value']} | {row['target']} | {met} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the FAST notebook and no grading, to check the script")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        data_path = Path(folder) / "chapter10-data.npz"
        seconds, found = run_reference(args.quick, data_path)
        rows = experiment_rows(seconds, found, KerasRuns(data_path))
    rows += grading_time() if not args.quick else [
        {"id": "(vi)", "what": "grading one complete submission", "value": "not measured with --quick",
         "target": f"<= {BUDGET_GRADE_S:.0f} s", "ok": False}]
    print_table(rows, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
