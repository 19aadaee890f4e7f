"""Course tooling for 딥러닝 기초 / Deep Learning Basics: lessons, book, grading."""
import os
import sys
from pathlib import Path

# nbgrader shells out to `alembic` and Jupyter finds kernels via PATH: make this interpreter's
# scripts (the project's .venv/bin) visible even when the venv was not activated.
_scripts = str(Path(sys.executable).parent)
if _scripts not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _scripts + os.pathsep + os.environ.get("PATH", "")
