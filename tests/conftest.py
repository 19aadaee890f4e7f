import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograder  # noqa: E402,F401  (puts the venv's scripts on PATH for nbgrader and Jupyter)
from autograder import paths  # noqa: E402

CHAPTERS = paths.chapters()
