"""A synthetic term for tests/test_term.py (issue 28): a course folder with deadlines, a roster of 30 students
with Korean names, chapter 01 as Canvas's submissions zip, chapter 02 as Moodle's submission folders with its
grading worksheet, chapter 03 as nbgrader-exchange folders with timestamp.txt and a student's own zip.

Few hand-ins are graded (the grading run is the slow part): full answers come from the example class's
ahn_jisoo (full automatic marks), half answers from baek_minho, blank ones are the lesson itself.
"""
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from autograder import paths

SEOUL = ZoneInfo("Asia/Seoul")
CHAPTERS = ["01-perceptron", "02-backprop", "03-activations"]
DUE = {"01-perceptron": datetime(2026, 3, 16, 23, 59, tzinfo=SEOUL),
       "02-backprop": datetime(2026, 3, 23, 23, 59, tzinfo=SEOUL),
       "03-activations": datetime(2026, 3, 30, 23, 59, tzinfo=SEOUL)}

NAMES = ["김민준", "이서연", "박도윤", "최하은", "정시우", "강지호", "조수아", "윤예준", "장지유", "임하준",
         "한서윤", "오은우", "서지아", "신건우", "권민서", "황유준", "안채원", "송현우", "전다은", "홍지환",
         "유소율", "고승민", "문가은", "양준서", "손예린", "배태윤", "백서현", "허민재", "남윤서", "김민준"]


def roster_rows() -> list[dict]:
    """30 students; the first and the last are both 김민준 (Canvas tells them apart by id, a name alone cannot)."""
    rows = []
    for number, name in enumerate(NAMES, start=1):
        rows.append({"student_id": f"s{2026000 + number}", "name": name, "email": f"st{number:02d}@example.ac.kr",
                     "canvas_id": str(48200 + number), "section": "A" if number <= 15 else "B"})
    return rows


def sid(number: int) -> str:
    return f"s{2026000 + number}"


def _notebook(kind: str, chapter: str) -> bytes:
    if kind == "blank":
        return paths.lesson_notebook(chapter).read_bytes()
    student = {"full": "ahn_jisoo", "half": "baek_minho"}[kind]
    return (paths.EXAMPLE_CLASS / "submitted" / student / chapter / f"{chapter}.ipynb").read_bytes()


def make_course(folder: Path) -> Path:
    """A course folder: the repository's _config.yml with deadlines, solutions/ and lessons/ linked."""
    folder.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((paths.REPO / "_config.yml").read_text(encoding="utf-8"))
    config["course"].update({
        "time_zone": "Asia/Seoul",
        "deadlines": {c: DUE[c].strftime("%Y-%m-%d %H:%M") for c in CHAPTERS},
        "extensions": {sid(3): {"01-perceptron": {"days": 2}}},
        "late_policy": {"method": "per_day", "percent_per_day": 10, "max_percent": 50},
    })
    (folder / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name in ("solutions", "lessons"):
        (folder / name).symlink_to(paths.REPO / name)
    return folder


def write_roster(path: Path) -> Path:
    import csv
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["student_id", "name", "email", "canvas_id", "section"])
        writer.writeheader()
        writer.writerows(roster_rows())
    return path


def _member(archive: zipfile.ZipFile, name: str, data: bytes, when: datetime) -> None:
    local = when.astimezone(SEOUL)
    info = zipfile.ZipInfo(name, date_time=local.timetuple()[:6])   # DOS time, no zone: the course's is assumed
    archive.writestr(info, data)


def canvas_zip(path: Path) -> Path:
    """Chapter 01 from Canvas. Canvas marks `late` by its own due date, which knows no extension."""
    due = DUE["01-perceptron"]
    hand_ins = [  # (roster number or None, Canvas name, user id, kind, time, file name)
        (1, "김민준", "48201", "full", due - timedelta(hours=5), "01-perceptron.ipynb"),
        (2, "이서연", "48202", "full", due + timedelta(hours=36), "01-perceptron-1.ipynb"),      # 2 days late
        (3, "박도윤", "48203", "full", due + timedelta(hours=20), "perceptron_hw.ipynb"),        # extension: on time
        (4, "최하은", "48204", "half", due + timedelta(days=9), "01-perceptron.ipynb"),         # capped at 50%
        (5, "정시우", "48205", "blank", due - timedelta(days=1), "Untitled.ipynb"),             # by its cells
        (None, "홍길동", "59999", "full", due - timedelta(hours=1), "01-perceptron.ipynb"),      # not in the roster
    ]
    with zipfile.ZipFile(path, "w") as archive:
        for number, name, user, kind, when, filename in hand_ins:
            late = "_late" if when > due else ""
            _member(archive, f"{name}{late}_{user}_{700000 + int(user)}_{filename}", _notebook(kind, "01-perceptron"),
                    when)
    return path


def moodle_folder(folder: Path) -> Path:
    """Chapter 02 from Moodle, unpacked, with the grading worksheet as its metadata."""
    import csv
    hand_ins = [  # (participant id, Moodle full name, kind, in the worksheet: (e-mail, time text) or None)
        ("1200101", "김민준", "full", ("st01@example.ac.kr", "Monday, 23 March 2026, 9:15 PM")),
        ("1200106", "강지호", "full", ("st06@example.ac.kr", "2026년 3월 26일 목요일 오후 11:30")),   # 3 days late
        ("1200107", "조수아", "full", None),                    # by name, and no submission time at all
        ("1200130", "김민준", "full", None),                    # two roster rows are 김민준: ambiguous
        ("1200108", "윤예준", "full", ("st08@example.ac.kr", "Monday, 23 March 2026, 8:00 PM")),
        ("1200188", "윤예준", "half", None),                    # a second sender for the same student
        ("1200199", "Jane Doe", "full", None),                  # not in the roster
    ]
    folder.mkdir(parents=True)
    for participant, name, kind, _ in hand_ins:
        submission = folder / f"{name}_{participant}_assignsubmission_file_"
        submission.mkdir()
        (submission / "02-backprop.ipynb").write_bytes(_notebook(kind, "02-backprop"))
    with (folder / "grading_worksheet.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                         "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                         "Feedback comments"])
        for participant, name, _, sheet in hand_ins:
            if sheet:
                writer.writerow([f"Participant {participant}", name, sheet[0], "Submitted for grading", "", "15.00",
                                 "Yes", sheet[1], "-", ""])
    return folder


def exchange_inbox(folder: Path) -> Path:
    """Chapter 03 as nbgrader's exchange leaves it: <student>/<chapter>/ with timestamp.txt; one student's zip."""
    due = DUE["03-activations"]
    from autograder.grading.deadlines import timestamp_text
    for number, kind, when in [(1, "full", due - timedelta(days=2)), (2, "half", due + timedelta(hours=1))]:
        chapter = folder / sid(number) / "03-activations"
        chapter.mkdir(parents=True)
        (chapter / "03-activations.ipynb").write_bytes(_notebook(kind, "03-activations"))
        (chapter / "timestamp.txt").write_text(timestamp_text(when) + "\n", encoding="utf-8")
    with zipfile.ZipFile(folder / f"{sid(9)}.zip", "w") as archive:   # the time inside the zip: 4 days late
        _member(archive, "hw3/03-activations.ipynb", _notebook("full", "03-activations"), due + timedelta(days=4))
    return folder
