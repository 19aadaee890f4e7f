"""The grader on a tiny synthetic chapter: every kind of hostile or broken hand-in gets a recorded
outcome with its reason and never a score it did not earn; the sandbox holds; parallel grading
leaves a gradebook that agrees with grades.csv; reruns grade only what changed; feedback and the
class report are written. (Issue 5, points 2–5.)"""
import copy
import csv
import os
import tempfile
import textwrap
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder import paths
from autograder.course import authoring
from autograder.grading import sandbox as sandbox_mod
from autograder.grading.run import grade_class, in_shard
from autograder.grading.sandbox import Limits

pytestmark = pytest.mark.xdist_group("grader-synthetic")
CHAPTER = "99-synthetic"
ROOTED = os.geteuid() == 0 and sandbox_mod.Sandbox.available()

HELPERS = "def check(condition, ko, en):\n    if not condition:\n        raise AssertionError(ko + ' / ' + en)"
GOOD = "def double(x):\n    return 2 * x"
WRONG = "def double(x):\n    return x + 1"


def _course(root):
    solution = authoring.notebook([
        authoring.locked("test_helpers", HELPERS),
        authoring.solution("ex_double", "def double(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION"),
        authoring.test("test_double", 2, "check(double(1) == 2, '두 배', 'twice')",
                       "check(double(21) == 42 and double(-3) == -6, '숨은 검사 실패', 'SECRET_HIDDEN_CHECK failed')"),
    ], "synthetic")
    lesson = copy.deepcopy(solution)
    lesson.cells[1].source = "def double(x):\n    raise NotImplementedError()"
    lesson.cells[2].source = "check(double(1) == 2, '두 배', 'twice')"
    for folder, nb in (("solutions", solution), ("lessons", lesson)):
        (root / folder / CHAPTER).mkdir(parents=True)
        nbformat.write(nb, root / folder / CHAPTER / f"{CHAPTER}.ipynb")
    return lesson


def _answer(lesson, source, edit=None):
    nb = copy.deepcopy(lesson)
    nb.cells[1].source = textwrap.dedent(source).strip("\n")
    if edit:
        edit(nb)
    return nbformat.writes(nb)


def _probe(out):
    """Student code that tries everything the sandbox forbids and prints what it managed."""
    return f'''
        import os, socket
        def attempt(name, action):
            try:
                action()
                print(name, "ALLOWED")
            except Exception as error:
                print(name, "denied", type(error).__name__)
        attempt("read-solution", lambda: open({str(paths.SOLUTIONS / CHAPTER / (CHAPTER + ".ipynb"))!r}).read())
        attempt("read-gradebook", lambda: open({str(out / "gradebook.db")!r}, "rb").read())
        attempt("read-other", lambda: open({str(out.parent / "submitted" / "good" / CHAPTER / (CHAPTER + ".ipynb"))!r}).read())
        attempt("write-outside", lambda: open({str(out / "hacked.txt")!r}, "w").write("x"))
        attempt("write-repo", lambda: open({str(paths.REPO / "hacked.txt")!r}, "w").write("x"))
        attempt("network", lambda: socket.create_connection(("1.1.1.1", 80), timeout=2))
        open("scratch-ok.txt", "w").write("fine")
        print("write-scratch ok")
        {GOOD.replace(chr(10), chr(10) + "        ")}
        '''


def _class(root, lesson, out):
    def drop_test(nb):
        del nb.cells[2]

    def duplicate_answer(nb):
        nb.cells.insert(2, copy.deepcopy(nb.cells[1]))   # the same answer twice (a common accident)

    def retype(nb):
        nb.cells[1].cell_type = "markdown"
        nb.cells[1].pop("outputs", None)
        nb.cells[1].pop("execution_count", None)

    def edit_test(nb):
        nb.cells[2].source = "pass"

    def more_points(nb):
        nb.cells[2].metadata["nbgrader"]["points"] = 100

    hand_ins = {
        "good": _answer(lesson, GOOD),
        "blank": nbformat.writes(lesson),
        "loops_forever": _answer(lesson, "try:\n    while True:\n        pass\nexcept BaseException:\n    while True:\n        pass"),
        "eats_memory": _answer(lesson, "hog = bytearray(8 * 2**30)\n" + GOOD),
        "spawns": _answer(lesson, "import os, time\nfor _ in range(100000):\n    if os.fork() == 0:\n"
                                  "        time.sleep(30)\n        os._exit(0)\n" + GOOD),
        "sys_exit": _answer(lesson, "import sys\nsys.exit(0)\n" + GOOD),
        "os_exit": _answer(lesson, GOOD + "\nimport os\nos._exit(0)"),
        "prints_megabytes": _answer(lesson, "print('x' * 30_000_000)\n" + GOOD),
        "deletes_test": _answer(lesson, GOOD, drop_test),
        "duplicates": _answer(lesson, GOOD, duplicate_answer),
        "retypes": _answer(lesson, GOOD, retype),
        "edits_test": _answer(lesson, WRONG, edit_test),
        "more_points": _answer(lesson, WRONG, more_points),
        "patches_check": _answer(lesson, WRONG + "\ncheck = lambda *args: None"),
        "patches_module": _answer(lesson, "import builtins\nbuiltins.AssertionError = Warning\n" + WRONG),
        "not_a_notebook": "I saved the wrong file",
        "probe": _answer(lesson, _probe(out)),
    }
    for student, text in hand_ins.items():
        target = root / "submitted" / student / CHAPTER / f"{CHAPTER}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
    return root / "submitted"


def _hand_in(root, hand_ins):
    for student, text in hand_ins.items():
        target = root / "submitted" / student / CHAPTER / f"{CHAPTER}.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
    return root / "submitted"


def _rows(path):
    return {r["student"]: r for r in csv.DictReader(open(path, encoding="utf-8"))}


def _point_paths_at(root) -> pytest.MonkeyPatch:
    """solutions/ and lessons/ of a synthetic course under ``root``; undo the returned patch afterwards."""
    mp = pytest.MonkeyPatch()
    mp.setattr(paths, "SOLUTIONS", root / "solutions")
    mp.setattr(paths, "LESSONS", root / "lessons")
    return mp


def _printed(out, student):
    """Everything a graded notebook printed (its text outputs)."""
    nb = nbformat.read(out / "autograded" / student / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


@pytest.fixture(scope="module")   # module, not session: it patches paths for this file only
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    mp = _point_paths_at(root)
    lesson = _course(root)
    out = root / "grading"
    submitted = _class(root, lesson, out)
    limits = Limits(cell_seconds=4, notebook_seconds=15, memory_mb=1024, processes=32, output_kb=256)
    report = grade_class(submitted, out, jobs=2, limits=limits)
    yield root, out, submitted, limits, {o.student: o for o in report.outcomes}, report
    mp.undo()


def test_outcomes_and_scores(graded):
    _, _, _, _, by, _ = graded
    assert len(by) == 17
    expect = {"good": 2, "blank": 0, "loops_forever": 0, "eats_memory": 0, "os_exit": 0, "sys_exit": 0,
              "prints_megabytes": 2, "deletes_test": 2, "duplicates": 2, "retypes": 2, "edits_test": 0,
              "more_points": 0, "patches_check": 0, "patches_module": 0, "not_a_notebook": 0, "probe": 2}
    if ROOTED:
        expect["spawns"] = 0
    assert {s: by[s].score for s in expect} == expect, {s: (o.score, o.status, o.reason) for s, o in by.items()}
    assert all(o.max_score == 2 for o in by.values())


def test_each_bad_hand_in_says_why(graded):
    by = graded[4]
    assert by["not_a_notebook"].status == "invalid" and "not a notebook" in by["not_a_notebook"].reason
    # flagged for review with the construct and where it is; the score is what the answer earns, and
    # rebinding `check` or patching builtins earns nothing: the grader restores both before each test
    assert by["patches_check"].status == "flagged" and "ex_double 줄/line 3: `check = …`" in by["patches_check"].reason
    assert by["patches_module"].status == "flagged" and "`import builtins`" in by["patches_module"].reason
    assert "restored" in by["deletes_test"].reason
    assert "retyped" in by["retypes"].reason
    assert "duplicate" in by["duplicates"].reason
    assert "metadata restored" in by["more_points"].reason
    for student in ("loops_forever", "eats_memory", "prints_megabytes", "good"):
        assert by[student].status == "graded", (student, by[student])
    for student, construct in (("os_exit", "`import os`"), ("sys_exit", "`import sys`"), ("spawns", "`import os`")):
        assert by[student].status == "flagged" and construct in by[student].reason, (student, by[student])


def test_kernel_death_and_time_limits_are_in_the_feedback(graded):
    _, out, _, _, _, _ = graded
    page = lambda s: (out / "feedback" / s / CHAPTER / f"{CHAPTER}.html").read_text(encoding="utf-8")  # noqa: E731
    # os_exit is flagged (`import os`): its page names the grader's own error, its messages wait for review
    assert "KernelDied" in page("os_exit") and "instructor" in page("os_exit")
    assert "time limit" in page("loops_forever") or "CellTimeoutError" in page("loops_forever")
    assert (out / "feedback" / "prints_megabytes" / CHAPTER / f"{CHAPTER}.html").stat().st_size < 1_000_000


@pytest.mark.skipif(not sandbox_mod.Sandbox.available(), reason="bubblewrap is not installed")
def test_sandbox_denies_files_network_and_writes(graded):
    root, out, _, _, by, _ = graded
    text = _printed(out, "probe")
    for name in ("read-solution", "read-gradebook", "read-other", "write-outside", "write-repo", "network"):
        assert f"{name} denied" in text, text
    assert "write-scratch ok" in text
    assert not (out / "hacked.txt").exists() and not (paths.REPO / "hacked.txt").exists()
    assert (out.parent / "submitted" / "probe").is_dir()
    assert not list(out.rglob("scratch-ok.txt"))    # scratch folders are in the workers' space, thrown away
    assert not [p for p in Path(tempfile.gettempdir()).glob("agw-*/**/scratch-ok.txt")]


def test_gradebook_agrees_with_grades_csv(graded):
    _, out, _, _, _, report = graded
    rows = list(csv.DictReader(open(report.grades_csv, encoding="utf-8")))
    assert len(rows) == 17
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        for row in rows:
            submission = gb.find_submission(CHAPTER, row["student"])
            assert float(submission.score) == float(row["score"]), row


def test_feedback_is_bilingual_and_hides_hidden_tests(graded):
    _, out, _, _, _, report = graded
    for page in (out / "feedback").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "SECRET_HIDDEN_CHECK" not in text and "double(21)" not in text, page
        assert 'lang="ko"' in text and 'lang="en"' in text
    good = (out / "feedback" / "good" / CHAPTER / f"{CHAPTER}.html").read_text(encoding="utf-8")
    assert "test_double" in good and "2 / 2" in good and "점수" in good and "Score" in good
    assert "<img" in report.report_html.read_text(encoding="utf-8")
    assert "Most-failed exercises" in report.report_html.read_text(encoding="utf-8")


def test_rerun_grades_only_what_changed(graded):
    root, out, submitted, limits, _, _ = graded
    again = grade_class(submitted, out, jobs=1, limits=limits, chapters=[CHAPTER])
    assert again.graded_now == 0 and again.skipped == 17
    target = submitted / "blank" / CHAPTER / f"{CHAPTER}.ipynb"
    lesson = nbformat.read(paths.LESSONS / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    target.write_text(_answer(lesson, GOOD), encoding="utf-8")
    changed = grade_class(submitted, out, jobs=1, limits=limits, chapters=[CHAPTER])
    assert changed.graded_now == 1
    assert {o.student: o.score for o in changed.outcomes}["blank"] == 2


def test_shards_split_students_deterministically():
    students = [f"student{i:03d}" for i in range(200)]
    shards = [{s for s in students if in_shard(s, (i, 3))} for i in range(3)]
    assert set().union(*shards) == set(students)
    assert sum(len(s) for s in shards) == len(students)
    assert all(len(s) > 40 for s in shards)


@pytest.mark.skipif(os.geteuid() != 0, reason="uids are switched only when the grader runs as root")
def test_concurrent_sandboxes_never_share_a_uid(tmp_path):
    """RLIMIT_NPROC is per uid machine-wide: two grader runs at once (two shards on one machine) must not
    put their students under one uid, or one student's fork bomb stops another's kernel from starting."""
    import subprocess
    import sys
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time
        from autograder.grading.sandbox import Sandbox
        print(Sandbox(worker=0).uid(), flush=True)
        time.sleep(60)
        """)], stdout=subprocess.PIPE, text=True, cwd=paths.REPO)
    try:
        theirs = int(holder.stdout.readline())
        mine = [sandbox_mod.Sandbox(worker=0).uid() for _ in range(3)]
        assert theirs not in mine and len(set(mine)) == 3
    finally:
        holder.kill()
        holder.wait()
    again = sandbox_mod.Sandbox(worker=0)   # a finished run's uid is free again
    assert again.uid() is not None

