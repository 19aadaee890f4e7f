"""Benchmarks are scripts that print a table; here we only check that they run."""
import subprocess
import sys

import pytest

from autograder import paths


@pytest.mark.xdist_group("book")
def test_book_build_benchmark_prints_its_table(built_book):
    done = subprocess.run([sys.executable, str(paths.REPO / "tests" / "benchmarks" / "book_build.py"), "--quick"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "rebuild, nothing changed" in done.stdout and "| seconds" in done.stdout.replace("|  seconds", "| seconds")


def test_cnn_benchmark_prints_its_table():
    done = subprocess.run([sys.executable, str(paths.REPO / "tests" / "benchmarks" / "cnn_benchmark.py"), "--quick"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "| Convolution (im2col) forward + backward |" in done.stdout


def test_training_techniques_benchmark_prints_its_table():
    done = subprocess.run([sys.executable, str(paths.REPO / "tests" / "benchmarks" / "training_techniques_benchmark.py"),
                           "--quick"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert "| (ii) ReLU 784-100x4-10" in done.stdout and "Keras" in done.stdout
