"""`autograder` is an installed command (pyproject.toml's console script, installed by `make setup`): it works
from any folder, finds the course from the current folder or takes `--course DIR`, and refuses a folder that is
not a course with one bilingual line."""
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import paths

SCRIPT = Path(sys.executable).parent / "autograder"


def _run(*args, cwd):
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_command_is_installed():
    assert SCRIPT.is_file(), "make setup installs the package: pip install -e ."


@pytest.mark.skipif(not SCRIPT.is_file(), reason="reported by test_the_command_is_installed")
def test_help_works_from_any_folder(tmp_path):
    done = _run("--help", cwd=tmp_path)
    assert done.returncode == 0 and "usage: autograder" in done.stdout, done.stderr


@pytest.mark.skipif(not SCRIPT.is_file(), reason="reported by test_the_command_is_installed")
def test_a_folder_that_is_not_a_course_is_refused_in_one_line(tmp_path):
    done = _run("--course", str(tmp_path), "lessons", "--verify", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "/" in done.stderr and "Traceback" not in done.stderr, done.stderr


@pytest.mark.skipif(not SCRIPT.is_file(), reason="reported by test_the_command_is_installed")
def test_the_course_is_found_from_a_folder_inside_it():
    done = _run("lessons", "--verify", cwd=paths.REPO / "book" / "_static")
    assert done.returncode == 0, done.stdout + done.stderr


def test_find_root_walks_up_to_the_course(tmp_path):
    assert paths.find_root(paths.REPO / "book" / "_static") == paths.REPO
    assert paths.find_root(tmp_path) is None
