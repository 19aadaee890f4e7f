"""Warm kernels (``autograder/grading/zygote.py``): kernels forked from a zygote that has done the
imports must be as isolated from each other as kernels started from scratch, grade the same, and give
way to ordinary kernels when the zygote cannot run. (Issue 5, points 2 and 3.)"""
import os
import subprocess
import textwrap

import nbformat
import pytest

from autograder import paths
from autograder.grading import sandbox as sandbox_mod
from autograder.grading import zygote
from autograder.grading.run import grade_class
from autograder.grading.sandbox import Limits
from test_grader_robustness import CHAPTER, GOOD, WRONG, _answer, _course, _point_paths_at, _printed

pytestmark = [pytest.mark.xdist_group("grader-synthetic"),
              pytest.mark.skipif(not sandbox_mod.Sandbox.available() or os.geteuid() != 0,
                                 reason="warm kernels need bubblewrap and a grader running as root")]
LIMITS = Limits(cell_seconds=20, notebook_seconds=60, memory_mb=1024, processes=32)
MARK = "sleep 317"   # a process a student leaves running; no one else runs this

WHERE_AM_I = '''
    import os
    home = os.environ["HOME"]
    mounts = [line.split() for line in open("/proc/self/mountinfo")]
    print("home-is-tmpfs", any(m[4] == home and m[3] == "/" and "tmpfs" in m for m in mounts))  # its own, fresh
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    print("capabilities", int(status["CapEff"], 16) | int(status["CapPrm"], 16))
'''

LEAVER = textwrap.dedent(WHERE_AM_I) + textwrap.dedent(f'''
    import subprocess, sys
    for folder in (home, "/tmp", "/dev/shm"):
        open(os.path.join(folder, "left-behind.txt"), "w").write("for the next student")
    subprocess.Popen("setsid sh -c '{MARK}' >/dev/null 2>&1 &", shell=True)
    def attempt(name, action):
        try:
            action()
            print(name, "ALLOWED")
        except Exception as error:
            print(name, "denied", type(error).__name__)
    me = os.readlink("/proc/self")   # this /proc counts pids from outside the kernel's own PID namespace
    zygotes = [p for p in os.listdir("/proc") if p.isdigit() and p != me
               and b"autograder-zygote" in open(f"/proc/{{p}}/cmdline", "rb").read()]
    print("zygote-visible", bool(zygotes))
    for p in zygotes:
        attempt("zygote-mem", lambda: open(f"/proc/{{p}}/mem", "rb").read(1))
        attempt("zygote-environ", lambda: open(f"/proc/{{p}}/environ", "rb").read())
    # the tamper check refuses ctypes in an answer; a child process is the kernel's own business
    umount = "import ctypes, os; libc = ctypes.CDLL(None, use_errno=True); " \
             "raise SystemExit(0 if libc.umount2(os.environ['HOME'].encode(), 2) == 0 else 1)"
    attempt("umount-home", lambda: subprocess.run([sys.executable, "-c", umount], check=True))
''') + GOOD

FINDER = textwrap.dedent(WHERE_AM_I) + textwrap.dedent(f'''
    found = [f for f in (os.path.join(home, "left-behind.txt"), "/tmp/left-behind.txt", "/dev/shm/left-behind.txt")
             if os.path.exists(f)]
    print("found-files", len(found))
    sleepers = [p for p in os.listdir("/proc") if p.isdigit()
                and b"{MARK}" in open(f"/proc/{{p}}/cmdline", "rb").read().replace(b"\\0", b" ")]
    print("found-processes", len(sleepers))
''') + GOOD


def _class(root):
    lesson = _course(root)
    hand_ins = {"a_leaver": _answer(lesson, LEAVER), "b_finder": _answer(lesson, FINDER),
                "c_wrong": _answer(lesson, WRONG)}
    for student, text in hand_ins.items():
        target = root / "submitted" / student / CHAPTER / f"{CHAPTER}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
    return root / "submitted"


@pytest.fixture(scope="module")   # module, not session: it patches paths for this file only
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("warm")
    mp = _point_paths_at(root)
    submitted = _class(root)
    yield root, submitted
    mp.undo()


def test_a_warm_kernel_leaves_nothing_for_the_next_student(course):
    root, submitted = course
    out = root / "warm"
    report = grade_class(submitted, out, jobs=1, limits=LIMITS)   # one worker: one zygote serves everyone
    scores = {o.student: o.score for o in report.outcomes}
    assert scores == {"a_leaver": 2, "b_finder": 2, "c_wrong": 0}, report.summary()
    leaver, finder = _printed(out, "a_leaver"), _printed(out, "b_finder")
    assert "home-is-tmpfs True" in leaver and "home-is-tmpfs True" in finder   # both really were warm
    assert "found-files 0" in finder and "found-processes 0" in finder, finder
    assert "capabilities 0" in leaver and "capabilities 0" in finder
    assert "ALLOWED" not in leaver and "umount-home denied" in leaver, leaver
    if "zygote-visible True" in leaver:   # the zygote and its helpers are in /proc, but out of reach
        assert "zygote-mem denied" in leaver and "zygote-environ denied" in leaver, leaver
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert MARK not in ps                                   # nothing a student started outlives grading


def test_warm_and_cold_kernels_grade_alike(course):
    root, submitted = course
    warm = grade_class(submitted, root / "alike-warm", jobs=2, limits=LIMITS)
    cold = grade_class(submitted, root / "alike-cold", jobs=2, limits=LIMITS, warm=False)
    assert {(o.student, o.score, o.status) for o in warm.outcomes} == \
        {(o.student, o.score, o.status) for o in cold.outcomes}
    assert "home-is-tmpfs False" in _printed(root / "alike-cold", "b_finder")


def test_a_zygote_that_cannot_start_gives_way_to_ordinary_kernels(course, tmp_path, monkeypatch):
    root, submitted = course
    broken = tmp_path / "zygote_main.py"
    broken.write_text("raise SystemExit(3)\n")
    monkeypatch.setattr(zygote, "SOURCE", broken)
    out = root / "fallback"
    report = grade_class(submitted, out, jobs=1, limits=LIMITS)
    assert {o.student: o.score for o in report.outcomes} == {"a_leaver": 2, "b_finder": 2, "c_wrong": 0}
    assert "home-is-tmpfs False" in _printed(out, "b_finder")


def test_read_only_data_below_tmp_stays_visible_and_read_only(course, tmp_path, monkeypatch):
    """A fresh /tmp must not hide what the sandbox mounted below /tmp (a clone of the course under /tmp
    puts the venv there), nor make it writable."""
    import functools

    from autograder.grading import worker
    root, _ = course
    data = tmp_path / "data"
    data.mkdir()
    (data / "marker.txt").write_text("visible")
    monkeypatch.setattr(worker, "Sandbox", functools.partial(sandbox_mod.Sandbox, extra_ro=[(data, str(data))]))
    lesson = nbformat.read(paths.LESSONS / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    submitted = tmp_path / "submitted"
    target = submitted / "reader" / CHAPTER / f"{CHAPTER}.ipynb"
    target.parent.mkdir(parents=True)
    target.write_text(_answer(lesson, textwrap.dedent(WHERE_AM_I) + textwrap.dedent(f'''
        print("marker", open({str(data / "marker.txt")!r}).read())
        try:
            open({str(data / "marker.txt")!r}, "w").write("changed")
            print("write ALLOWED")
        except OSError as error:
            print("write denied", type(error).__name__)
        ''') + GOOD), encoding="utf-8")
    out = root / "below-tmp"
    report = grade_class(submitted, out, jobs=1, limits=LIMITS)
    printed = _printed(out, "reader")
    assert report.outcomes[0].score == 2, report.summary()
    assert "home-is-tmpfs True" in printed and "marker visible" in printed and "write denied" in printed, printed
    assert (data / "marker.txt").read_text() == "visible"
