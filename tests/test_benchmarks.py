"""The benchmark scripts run and print their table (in --quick mode: whether targets are met is not tested)."""
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent / "benchmarks"


def test_mnist_benchmark_quick_prints_table():
    done = subprocess.run([sys.executable, str(BENCHMARKS / "mnist_benchmark.py"), "--quick"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert "| measurement | value | target | met |" in lines
    rows = [line for line in lines if line.startswith("| (")]
    assert any(row.startswith("| (i) MLP") for row in rows) and any(row.startswith("| (i) CNN") for row in rows)
    assert any(row.startswith("| (ii)") for row in rows)
    assert any(row.startswith("| (iii) grading") for row in rows)
    assert all(row.count("|") == 5 for row in rows)


def test_nn_from_scratch_benchmark_quick_prints_table():
    done = subprocess.run([sys.executable, str(BENCHMARKS / "nn_from_scratch_benchmark.py"), "--quick"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert "| measurement | value | target | met |" in lines
    rows = [line for line in lines if line.startswith("| (")]
    assert [row.split(")")[0] for row in rows] == ["| (i", "| (ii", "| (iii", "| (iv"]
    assert "held-out accuracy" in rows[0] and "training time" in rows[1]
    assert "notebook top to bottom" in rows[2] and "0 errors" in rows[2] and "grading" in rows[3]
    assert all(row.count("|") == 5 for row in rows)
