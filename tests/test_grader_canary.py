"""Issue 10, item 9: a broken grader never grades. The sandbox runs a Python reached through a symlink,
and before a batch the canary grades each chapter's reference solution: a grader that cannot give it
full marks records nothing for anyone. The synthetic chapter of test_grader_robustness."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder import paths
from autograder.grading import canary
from autograder.grading import sandbox as sandbox_mod
from autograder.grading.run import CanaryFailed, grade_class
from autograder.grading.sandbox import Limits

from test_grader_robustness import (CHAPTER, GOOD, ROOTED, WRONG, _answer, _course, _hand_in, _point_paths_at,
                                    _rows)

pytestmark = pytest.mark.xdist_group("grader-synthetic")
LIMITS = Limits(cell_seconds=10, notebook_seconds=30, memory_mb=1024, processes=32, output_kb=256)
STARVED = Limits(cell_seconds=10, notebook_seconds=30, memory_mb=50, processes=32, output_kb=256)

# Run by the Python under test (reached through a symlink): the sandbox it builds must show it that Python.
IN_SANDBOX = """
import subprocess, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from autograder.grading.sandbox import Sandbox
box = Sandbox()
scratch, sockets = Path({scratch!r}), Path({sockets!r})
box.prepare_dir(scratch)
box.prepare_dir(sockets)
probe = "import sys, ipykernel, nbformat; print('inside', sys.executable)"
done = subprocess.run(box.command([sys.executable, "-c", probe], scratch, sockets), capture_output=True,
                      text=True, timeout=120)
print(done.returncode, done.stdout.strip(), done.stderr.strip()[-500:])
"""


@pytest.mark.skipif(not ROOTED, reason="needs root and bubblewrap")
@pytest.mark.parametrize("link_to", ["venv", "folder above the venv"])
def test_the_sandbox_runs_a_python_reached_through_a_symlink(tmp_path, link_to):
    """``.venv -> /elsewhere/venv``, or the repository reached through a symlinked folder: the kernel
    command is the interpreter's path as typed, which inside the sandbox must exist too."""
    prefix = Path(sys.prefix).resolve()
    link = tmp_path / "link"
    if link_to == "venv":
        link.symlink_to(prefix)
        python = link / "bin" / "python"
    else:
        link.symlink_to(prefix.parent)
        python = link / prefix.name / "bin" / "python"
    script = IN_SANDBOX.format(repo=str(paths.REPO), scratch=str(tmp_path / "scratch"),
                               sockets=str(tmp_path / "sockets"))
    done = subprocess.run([str(python), "-c", script], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"0 inside {python}", done.stdout


def _gradebook(out):
    """(students, (student, chapter) of every submission) in the gradebook."""
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        students = sorted(s.id for s in gb.students)
        submissions = sorted((s.student.id, s.assignment.name) for a in gb.assignments for s in a.submissions)
    return students, submissions


def _traces(out):
    """Anything the canary left in the grader's folders."""
    return sorted(str(p.relative_to(out)) for folder in ("submitted", "autograded", "feedback")
                  if (out / folder).is_dir() for p in (out / folder).iterdir() if p.name.startswith("__"))


@pytest.fixture()
def course(tmp_path):
    mp = _point_paths_at(tmp_path)
    lesson = _course(tmp_path)
    submitted = _hand_in(tmp_path, {"good": _answer(lesson, GOOD), "wrong": _answer(lesson, WRONG)})
    yield tmp_path, lesson, submitted
    mp.undo()


def test_a_broken_grader_grades_no_one(course):
    """Memory too small for a kernel to import: the reference cannot score, so no student is graded."""
    root, _, submitted = course
    out = root / "out"
    with pytest.raises(CanaryFailed) as failed:
        grade_class(submitted, out, jobs=2, limits=STARVED)
    message = str(failed.value)
    print(message)
    assert CHAPTER in message and "0/2" in message and "canary" in message and "모범 답안" in message, message
    assert "autograde failed" in message or "grading failed" in message, message
    assert not (out / "grades.csv").exists()
    assert _gradebook(out) == ([], [])
    assert _traces(out) == [] and not list(out.glob("autograded/*")) and not list(out.glob("feedback/*"))
    assert not (out / canary.CACHE).exists()


@pytest.mark.skipif(not ROOTED, reason="needs root and bubblewrap")
def test_a_sandbox_that_cannot_see_python_grades_no_one(course, monkeypatch):
    """The symptom of the symlinked .venv: every kernel dies at start (sandboxed, warm and cold)."""
    root, _, submitted = course
    out = root / "out"
    monkeypatch.setattr(sandbox_mod, "_python_roots", lambda: [])
    with pytest.raises(CanaryFailed, match=CHAPTER) as failed:
        grade_class(submitted, out, jobs=1, limits=LIMITS)
    assert "0/2" in str(failed.value)
    assert not (out / "grades.csv").exists()
    assert _gradebook(out) == ([], [])
    assert _traces(out) == []


def test_a_sound_grader_grades_and_leaves_no_canary(course, monkeypatch):
    root, lesson, submitted = course
    out = root / "out"
    (submitted / "__canary__" / CHAPTER).mkdir(parents=True)   # a "student" with the canary's name
    (submitted / "__canary__" / CHAPTER / f"{CHAPTER}.ipynb").write_text(_answer(lesson, GOOD), encoding="utf-8")
    report = grade_class(submitted, out, jobs=2, limits=LIMITS)
    by = {o.student: o for o in report.outcomes}
    assert sorted(by) == ["good", "wrong"] and by["good"].score == 2 and by["wrong"].score == 0
    assert sorted(_rows(out / "grades.csv")) == ["good", "wrong"]
    assert _gradebook(out) == (["good", "wrong"], [("good", CHAPTER), ("wrong", CHAPTER)])
    assert _traces(out) == []
    assert "__canary__" in report.summary() and report.reserved == ["__canary__"]

    # a passing canary is remembered: the same batch with one more student does not pay for it again
    checked = []
    real = canary._in_workers
    monkeypatch.setattr(canary, "_in_workers", lambda tasks, *args: checked.append(tasks) or real(tasks, *args))
    _hand_in(root, {"late": _answer(lesson, GOOD)})
    grade_class(submitted, out, jobs=1, limits=LIMITS)
    assert checked == []
    grade_class(submitted, out, jobs=1, limits=LIMITS, force=True)   # force checks again
    assert [t.chapter for t in checked[0]] == [CHAPTER]
    assert sorted(_rows(out / "grades.csv")) == ["good", "late", "wrong"]
    assert _gradebook(out)[0] == ["good", "late", "wrong"] and _traces(out) == []


def test_the_cli_says_the_grader_is_broken(course):
    root, _, submitted = course
    out = root / "out"
    program = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(paths.REPO)!r})
        from pathlib import Path
        from autograder import paths
        paths.SOLUTIONS, paths.LESSONS = Path({str(root / 'solutions')!r}), Path({str(root / 'lessons')!r})
        from autograder.cli import main
        raise SystemExit(main(["grade", {str(submitted)!r}, "--out", {str(out)!r}, "--jobs", "1", "--quiet",
                               "--memory-mb", "50", "--cell-timeout", "10", "--notebook-timeout", "30"]))
        """)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0, done.stdout
    assert "grader canary failed" in done.stderr and CHAPTER in done.stderr, done.stderr
    assert "Traceback" not in done.stderr.split("grader canary failed")[-1], done.stderr
    assert "CanaryFailed" not in done.stderr, done.stderr
    assert not (out / "grades.csv").exists()
