"""Benchmarks for chapter 11 (convolutional networks), printed as one table. DRAFT: the chapter notebook
(solutions/11-cnn/11-cnn.ipynb) does not exist yet, so the reference layer is defined here; once the notebook
exists, this script should execute the notebook's reference answer cells instead (as nn_from_scratch_benchmark.py
does for chapter 09).

(i)   Convolution (im2col) forward + backward on a batch 100x1x28x28, 16 filters 3x3, pad 1, stride 1;
      target <= 0.5 s on 2 cores.
(ii)  the same forward + backward written with plain loops over output positions, side by side.
(iii) tf.nn.conv2d on the same batch (NHWC), forward only, and the ratio im2col / tf.
Correctness: the im2col forward agrees with tf.nn.conv2d and the loop version; backward agrees with the loops.

Not yet measured here: the CNN vs chapter-09 MLP comparison (needs the chapter's training cells).

    .venv/bin/python tests/benchmarks/cnn_benchmark.py            # full
    .venv/bin/python tests/benchmarks/cnn_benchmark.py --quick    # tiny sizes, to test the script
"""
import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

BUDGET_CONV_S = 0.5


def im2col(x, fh, fw, stride=1, pad=0):
    n, c, h, w = x.shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    col = np.zeros((n, c, fh, fw, oh, ow), dtype=x.dtype)
    for y in range(fh):
        for xx in range(fw):
            col[:, :, y, xx] = img[:, :, y:y + stride * oh:stride, xx:xx + stride * ow:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(n * oh * ow, -1)


def col2im(col, shape, fh, fw, stride=1, pad=0):
    n, c, h, w = shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    col = col.reshape(n, oh, ow, c, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((n, c, h + 2 * pad + stride - 1, w + 2 * pad + stride - 1), dtype=col.dtype)
    for y in range(fh):
        for xx in range(fw):
            img[:, :, y:y + stride * oh:stride, xx:xx + stride * ow:stride] += col[:, :, y, xx]
    return img[:, :, pad:h + pad, pad:w + pad]


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        fn, c, fh, fw = self.W.shape
        n, _, h, w = x.shape
        oh, ow = (h + 2 * self.pad - fh) // self.stride + 1, (w + 2 * self.pad - fw) // self.stride + 1
        self.x, self.col, self.col_W = x, im2col(x, fh, fw, self.stride, self.pad), self.W.reshape(fn, -1).T
        out = self.col @ self.col_W + self.b
        return out.reshape(n, oh, ow, -1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        fn, c, fh, fw = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, fn)
        self.db = dout.sum(axis=0)
        self.dW = (self.col.T @ dout).T.reshape(fn, c, fh, fw)
        return col2im(dout @ self.col_W.T, self.x.shape, fh, fw, self.stride, self.pad)


def loop_conv(x, W, b, dout=None, stride=1, pad=0):
    """Forward (and backward if dout is given) with loops over output positions."""
    fn, c, fh, fw = W.shape
    n, _, h, w = x.shape
    oh, ow = (h + 2 * pad - fh) // stride + 1, (w + 2 * pad - fw) // stride + 1
    xp = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    out = np.zeros((n, fn, oh, ow), dtype=x.dtype)
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * stride:i * stride + fh, j * stride:j * stride + fw]
            out[:, :, i, j] = np.tensordot(patch, W, axes=([1, 2, 3], [1, 2, 3])) + b
    if dout is None:
        return out, None, None
    dxp, dW = np.zeros_like(xp), np.zeros_like(W)
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * stride:i * stride + fh, j * stride:j * stride + fw]
            g = dout[:, :, i, j]
            dW += np.tensordot(g, patch, axes=([0], [0]))
            dxp[:, :, i * stride:i * stride + fh, j * stride:j * stride + fw] += np.tensordot(g, W, axes=([1], [0]))
    return out, dxp[:, :, pad:pad + h, pad:pad + w], dW


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n, repeat = (8, 1) if args.quick else (100, 3)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, 1, 28, 28)).astype(np.float32)
    W = (0.1 * rng.standard_normal((16, 1, 3, 3))).astype(np.float32)
    b = np.zeros(16, dtype=np.float32)
    dout = rng.standard_normal((n, 16, 28, 28)).astype(np.float32)

    conv = Convolution(W, b, pad=1)

    def im2col_run():
        conv.forward(x)
        return conv.backward(dout)

    t_im2col = best_of(im2col_run, repeat)
    t_loop = best_of(lambda: loop_conv(x, W, b, dout, pad=1), repeat)
    out, dx = conv.forward(x), conv.backward(dout)
    out_loop, dx_loop, dW_loop = loop_conv(x, W, b, dout, pad=1)
    assert np.allclose(out, out_loop, atol=1e-4) and np.allclose(dx, dx_loop, atol=1e-4)
    assert np.allclose(conv.dW, dW_loop, atol=1e-3)

    # numerical gradient check of the im2col layer (float64, tiny case, stride 2 and pad 1: sizes that do not divide)
    xs, Ws = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((3, 2, 3, 3))
    small = Convolution(Ws, np.zeros(3), stride=2, pad=1)
    g = rng.standard_normal(small.forward(xs).shape)
    dxs = small.backward(g)
    num = np.zeros_like(xs)
    for idx in np.ndindex(xs.shape):
        e = np.zeros_like(xs)
        e[idx] = 1e-5
        num[idx] = ((small.forward(xs + e) * g).sum() - (small.forward(xs - e) * g).sum()) / 2e-5
    assert np.allclose(dxs, num, atol=1e-6), "Convolution.backward disagrees with the numerical gradient"

    import tensorflow as tf
    x_nhwc = tf.constant(x.transpose(0, 2, 3, 1))
    w_hwio = tf.constant(W.transpose(2, 3, 1, 0))
    tf.nn.conv2d(x_nhwc, w_hwio, 1, "SAME")                          # warm-up
    t_tf = best_of(lambda: tf.nn.conv2d(x_nhwc, w_hwio, 1, "SAME").numpy(), repeat)
    out_tf = tf.nn.conv2d(x_nhwc, w_hwio, 1, "SAME").numpy().transpose(0, 3, 1, 2)
    assert np.allclose(out, out_tf, atol=1e-4), "im2col forward disagrees with tf.nn.conv2d"

    print(f"| measure (batch {n}x1x28x28, 16 filters 3x3, pad 1) | seconds | target |")
    print("|---|---|---|")
    ok = "ok" if t_im2col <= BUDGET_CONV_S else "OVER"
    print(f"| Convolution (im2col) forward + backward | {t_im2col:.4f} | <= {BUDGET_CONV_S} ({ok}) |")
    print(f"| loops over the 28x28 output positions (batch vectorized), forward + backward | {t_loop:.4f} | (x{t_loop / t_im2col:.1f} im2col) |")
    print(f"| tf.nn.conv2d forward only | {t_tf:.4f} | im2col fwd+bwd / tf fwd = x{t_im2col / t_tf:.1f} |")
    print("| CNN vs MLP on held-out digits | not measured yet | CNN > MLP |")


if __name__ == "__main__":
    main()
