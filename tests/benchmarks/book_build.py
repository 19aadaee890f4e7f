"""Benchmark: how long the book takes to build, clean and with nothing changed.

Targets (issue 6): a clean build of the whole book ≤ 180 s, a rebuild with nothing changed ≤ 15 s.
Prints a table; `--quick` skips the clean build (used by the test suite to check the script runs).
"""
import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _build() -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "autograder", "book"], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the clean build")
    args = parser.parse_args()
    rows = []
    if not args.quick:
        for folder in ("html", "jupyter_execute", ".doctrees", "page-cache"):
            shutil.rmtree(REPO / "_build" / folder, ignore_errors=True)
        rows.append(("clean build (chapters executed)", _build(), 180.0))
    elif not (REPO / "_build" / "html" / "index.html").is_file():
        _build()  # make sure something is built (the suite's book fixture has built it already)
    rows.append(("rebuild, nothing changed", _build(), 15.0))
    print(f"| {'build':<34} | {'seconds':>8} | {'target':>7} | {'ok':<3} |")
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 9}|{'-' * 5}|")
    for name, seconds, target in rows:
        print(f"| {name:<34} | {seconds:>8.1f} | {target:>7.0f} | {'yes' if seconds <= target else 'no':<3} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
