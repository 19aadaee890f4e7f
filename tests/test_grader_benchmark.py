"""The grader benchmark (stock `nbgrader autograde` vs this grader) runs end to end in --quick mode:
the table prints and both tools give every submission the same score. (Issue 5, point 2.)"""
import subprocess
import sys

import pytest

from autograder import paths

pytestmark = pytest.mark.xdist_group("grader-benchmark")


def test_quick_benchmark_prints_the_table_and_grades_agree():
    result = subprocess.run([sys.executable, str(paths.REPO / "tests" / "benchmarks" / "grader_benchmark.py"), "--quick"],
                            cwd=paths.REPO, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "3 students × 1 chapters = 3 submissions" in out
    for header in ("seconds", "subm./s", "ratio"):
        assert header in out
    assert "stock nbgrader autograde" in out and "this grader (--jobs 2)" in out
    assert "grades identical: 3 of 3 submissions" in out
