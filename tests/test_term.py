"""An instructor's term from the CLI (issue 28): deadlines and late penalties through nbgrader, hand-ins straight
from Canvas and Moodle through a roster of 30 students with Korean names, and the grades back to both LMSs,
compared whole with tests/term_expected/. One grading run for the module, of 11 hand-ins (tests/synthetic_term.py).
"""
import csv
import subprocess
import sys
from datetime import timedelta

import pytest
from nbgrader.api import Gradebook

from autograder import paths
from autograder.grading import deadlines
from synthetic_term import CHAPTERS, canvas_zip, exchange_inbox, make_course, moodle_folder, sid, write_roster

pytestmark = pytest.mark.xdist_group("grading")
EXPECTED = paths.PACKAGE_ROOT / "tests" / "term_expected"


def run(*args):
    done = subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], capture_output=True, text=True,
                          cwd=paths.PACKAGE_ROOT)
    return done


@pytest.fixture(scope="session")   # once per worker, however xdist interleaves the group's files
def term(tmp_path_factory):
    base = tmp_path_factory.mktemp("term")
    course = make_course(base / "course")
    roster = write_roster(base / "roster.csv")
    submitted, out = base / "submitted", base / "grading"
    collected = {}
    for chapter, source, lms in [("01-perceptron", canvas_zip(base / "canvas-01.zip"), "canvas"),
                                 ("02-backprop", moodle_folder(base / "moodle-02"), "moodle"),
                                 ("03-activations", exchange_inbox(base / "inbox-03"), None)]:
        lms_args = ["--lms", lms, "--roster", roster] if lms else []
        done = run("--course", course, "collect", source, "--to", submitted, "--chapters", *CHAPTERS, *lms_args)
        assert done.returncode == 0, done.stderr
        collected[chapter] = done.stdout
    graded = run("--course", course, "grade", submitted, "--out", out, "--chapters", *CHAPTERS, "--jobs", "2",
                 "--quiet")
    assert graded.returncode == 0, graded.stderr
    # the instructor grades one written answer in formgrader (it writes the gradebook)
    with Gradebook(f"sqlite:///{out / 'gradebook.db'}") as gb:
        grade = gb.find_grade("written_hidden_targets", "01-perceptron", "01-perceptron", sid(2))
        grade.manual_score, grade.needs_manual_grade = 2, False
        gb.db.commit()
    exports = {}
    for fmt in ("course", "canvas", "moodle"):
        done = run("--course", course, "export", "--out", out, "--format", fmt,
                   *(["--roster", roster] if fmt != "course" else []))
        assert done.returncode == 0, done.stderr
        exports[fmt] = done.stdout
    return {"course": course, "roster": roster, "out": out, "submitted": submitted, "collected": collected,
            "exports": exports}


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("name", ["grades.csv", "canvas_grades.csv", "moodle_grades.csv"])
def test_exports_match_the_expected_files(term, name):
    assert _rows(term["out"] / name) == _rows(EXPECTED / name)


def test_canvas_download_is_collected_by_canvas_id(term):
    text = term["collected"]["01-perceptron"]
    assert all((term["submitted"] / sid(n) / "01-perceptron" / "01-perceptron.ipynb").is_file() for n in range(1, 6))
    assert "홍길동 (canvas id 59999)" in text.split("senders not in the roster")[1]       # unknown: not collected
    assert not (term["submitted"] / "홍길동").exists()
    # Canvas counted 박도윤 late by its own due date; her extension in _config.yml makes her on time
    assert f"{sid(3)}/01-perceptron: canvas late" in text.split("late mark disagrees")[1]
    assert "the file's time inside the zip" in text


def test_moodle_download_is_collected_by_worksheet_email_and_never_guessed(term):
    text = term["collected"]["02-backprop"]
    placed = sorted(p.parent.parent.name for p in term["submitted"].glob("*/02-backprop/02-backprop.ipynb"))
    assert placed == [sid(1), sid(6), sid(7)]
    assert "the LMS export's metadata" in text
    assert "김민준 (moodle id 1200130): s2026001, s2026030" in text.split("names shared by several roster rows")[1]
    assert f"{sid(8)}: 윤예준 (moodle id 1200108), 윤예준 (moodle id 1200188)" in text.split("several senders")[1]
    assert "Jane Doe (moodle id 1200199)" in text.split("senders not in the roster")[1]
    assert f"조수아 (moodle id 1200107) → {sid(7)}" in text.split("matched by name alone")[1]
    assert f"{sid(7)}/02-backprop: 모름 / unknown" in text
    assert f"{sid(30)} (김민준)" in text.split("with nothing in this download")[1]


def test_exchange_timestamps_and_zip_times_are_kept_for_nbgrader(term):
    text = term["collected"]["03-activations"]
    assert "nbgrader's timestamp.txt" in text and "the file's time inside the zip" in text
    stamp = (term["submitted"] / sid(9) / "03-activations" / "timestamp.txt").read_text().strip()
    assert stamp == "2026-04-03 14:59:00.000000 UTC"      # 23:59 in Seoul, the zip's time, four days late


def test_nbgrader_holds_due_dates_extensions_and_penalties(term):
    with Gradebook(f"sqlite:///{term['out'] / 'gradebook.db'}") as gb:
        assert str(gb.find_assignment("01-perceptron").duedate) == "2026-03-16 14:59:00"   # 23:59 KST, in UTC
        extended = gb.find_submission("01-perceptron", sid(3))
        assert extended.extension == timedelta(days=2) and extended.total_seconds_late == 0
        late = gb.find_submission("01-perceptron", sid(2))
        assert late.total_seconds_late == 36 * 3600
        assert late.late_submission_penalty == pytest.approx(0.2 * 14)   # 2 days begun, 20% of 12 + 2 by hand


def test_feedback_and_report_show_lateness(term):
    page = (term["out"] / "feedback" / sid(6) / "02-backprop" / "02-backprop.html").read_text(encoding="utf-8")
    assert "3 day(s) late, penalty 3.9 point(s)" in page and "3일 늦음" in page
    extended = (term["out"] / "feedback" / sid(3) / "01-perceptron" / "01-perceptron.html").read_text(encoding="utf-8")
    assert "extension included" in extended and "on time" in extended
    report = (term["out"] / "report.html").read_text(encoding="utf-8")
    assert "Late hand-ins and penalties" in report and sid(9) in report


def test_export_without_a_roster_is_one_bilingual_line(term):
    done = run("--course", term["course"], "export", "--out", term["out"], "--format", "canvas")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "needs --roster" in done.stderr


# --- the late policy alone, as nbgrader's AssignLatePenalties calls it (no grading) ---

@pytest.mark.parametrize("method,late_hours,expected", [
    ("none", 30, None), ("zero", 1, 10.0), ("per_day", 1, 1.0), ("per_day", 24, 1.0), ("per_day", 25, 2.0),
    ("per_day", 24 * 30, 5.0),
])
def test_late_policy_plugin(method, late_hours, expected):
    plugin = deadlines.LatePolicy(penalty_method=method, percent_per_day=10, max_percent=50)
    assert plugin.late_submission_penalty("kim", 10.0, late_hours * 3600) == expected


@pytest.mark.parametrize("config,words", [
    ({"time_zone": "Mars/Olympus"}, "unknown time_zone"),
    ({"deadlines": {"01-perceptron": "next Monday"}}, "cannot read the date"),
    ({"deadlines": {"01-perceptron": "2026-03-16 23:59"}, "late_policy": {"method": "half"}}, "none, zero or per_day"),
    ({"deadlines": {"01-perceptron": "2026-03-16 23:59"}, "extensions": {"kim": {"01-perceptron": 2}}},
     "{days: 2}"),
    ({"deadlines": {}, "extensions": {"kim": {"01-perceptron": {"days": 2}}}}, "has no deadline"),
])
def test_bad_settings_say_what_to_write(config, words):
    with pytest.raises(deadlines.DeadlineError, match=r" / ") as error:
        deadlines.settings(config)
    assert words in str(error.value)


def test_due_dates_are_read_in_the_course_time_zone():
    course = deadlines.settings({"time_zone": "Asia/Seoul", "deadlines": {"01-perceptron": "2026-03-16 23:59"},
                                 "extensions": {"kim": {"01-perceptron": {"hours": 12}}}})
    assert course.due("01-perceptron").isoformat() == "2026-03-16T23:59:00+09:00"
    assert course.due("01-perceptron", "kim").isoformat() == "2026-03-17T11:59:00+09:00"
    assert deadlines.timestamp_text(course.due("01-perceptron")) == "2026-03-16 14:59:00.000000 UTC"


def test_a_bad_deadline_stops_grade_with_one_bilingual_line(tmp_path):
    course = make_course(tmp_path / "course")
    config = course / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("2026-03-16 23:59", "next Monday"), encoding="utf-8")
    for command in (["grade", tmp_path], ["export", "--out", tmp_path], ["collect", tmp_path]):
        done = run("--course", course, *command)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and "cannot read the date" in done.stderr


def test_a_roster_without_its_columns_is_one_bilingual_line(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("학번,이름\ns1,김민준\n", encoding="utf-8")
    done = run("collect", tmp_path, "--lms", "canvas", "--roster", roster, "--to", tmp_path / "submitted")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "has no student_id, name column" in done.stderr and not (tmp_path / "submitted").exists()


def test_canvas_names_korean_and_late():
    from autograder.grading.lms_canvas import NAME
    match = NAME.match("김민준_late_48201_748201_01-perceptron-1.ipynb")
    assert (match["name"], match["late"], match["user"], match["file"]) == ("김민준", "late", "48201",
                                                                            "01-perceptron-1.ipynb")
    assert NAME.match("kimminjun_48201_748201_hw_1.ipynb")["file"] == "hw_1.ipynb"


def test_a_link_in_an_lms_download_is_not_followed(tmp_path):
    """A Moodle submission folder holding a link to the solution (or a Canvas zip member that is a link) is
    reported and not collected, as collect's own inbox."""
    import zipfile

    from autograder.grading import roster as roster_module
    from autograder.grading.lms_collect import collect_lms
    roster = roster_module.Roster([roster_module.Student("s1", "김민준", "st01@example.ac.kr", "48201")])
    moodle = tmp_path / "moodle"
    (moodle / "김민준_1200101_assignsubmission_file_").mkdir(parents=True)
    (moodle / "김민준_1200101_assignsubmission_file_" / "01-perceptron.ipynb").symlink_to(
        paths.solution_notebook("01-perceptron"))
    report = collect_lms(moodle, "moodle", roster, tmp_path / "submitted", ["01-perceptron"])
    assert not (tmp_path / "submitted").exists()
    assert "symbolic links are not accepted" in report.summary()
    archive_path = tmp_path / "canvas.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        link = zipfile.ZipInfo("김민준_48201_1_01-perceptron.ipynb")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, str(paths.solution_notebook("01-perceptron")))
    report = collect_lms(archive_path, "canvas", roster, tmp_path / "submitted", ["01-perceptron"])
    assert not (tmp_path / "submitted").exists() and "symbolic links are not accepted" in report.summary()
