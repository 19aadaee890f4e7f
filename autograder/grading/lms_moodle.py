"""Moodle's "Download all submissions" of an assignment: a folder per submission,
``<Full Name>_<participant id>_assignsubmission_file_/<file>`` (or, without folders, the files themselves named
``<Full Name>_<participant id>_assignsubmission_file_<file>``), as a zip or unpacked. The participant id is
Moodle's id of the student within this assignment.

Moodle's grading worksheet ("Download grading worksheet", a CSV with ``Identifier``, ``Full name``,
``Email address``, ``Last modified (submission)``, …) put in the same folder is the download's metadata: it
gives each participant's e-mail (matched to the roster) and submission time, in English or in Korean
(``2026년 3월 17일 화요일 오전 1:30``), read in the course's time zone.
"""
import csv
import os
import re
from datetime import datetime
from pathlib import Path

import dateutil.parser

from .collect import Unmatched
from .lms_files import LmsHandIn, first_part, read_tree

NAME = re.compile(r"^(?P<name>.+)_(?P<participant>\d+)_assignsubmission_(?P<plugin>file|onlinetext)_(?P<file>.*)$")
NOT_MOODLE = ("Moodle 의 제출 폴더(<이름>_<참가자 id>_assignsubmission_file_)가 아닙니다 / not a Moodle submission "
              "folder (<Full Name>_<participant id>_assignsubmission_file_)")
KOREAN_TIME = re.compile(r"(\d{4})년\s*(\d{1,2})월\s*(\d{1,2})일\D*?(오전|오후)\s*(\d{1,2}):(\d{2})")


def parse_time(text: str, zone) -> datetime | None:
    """Moodle's "Last modified (submission)": ``Tuesday, 17 March 2026, 1:30 AM`` or its Korean form."""
    text = (text or "").strip()
    if not text or text == "-":
        return None
    korean = KOREAN_TIME.search(text)
    if korean:
        year, month, day, half, hour, minute = korean.groups()
        hour = int(hour) % 12 + (12 if half == "오후" else 0)
        return datetime(int(year), int(month), int(day), hour, int(minute), tzinfo=zone)
    try:
        moment = dateutil.parser.parse(text, fuzzy=True)
    except (ValueError, OverflowError):
        return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def worksheet(folder: Path, zone) -> tuple[dict[str, dict], list[str]]:
    """{participant id: {name, email, time}} from a grading worksheet in ``folder``, and its file names."""
    rows, names = {}, []
    if not folder.is_dir():
        return rows, names
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.name.lower().endswith(".csv") or not entry.is_file(follow_symlinks=False):
            continue
        fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with open(fd, encoding="utf-8-sig", errors="replace") as handle:
            reader = csv.DictReader(handle)
            if "Identifier" not in (reader.fieldnames or []):
                continue
            names.append(entry.name)
            for row in reader:
                participant = re.sub(r"\D", "", row.get("Identifier", ""))
                if participant:
                    rows[participant] = {"name": row.get("Full name", ""), "email": row.get("Email address", ""),
                                         "time": parse_time(row.get("Last modified (submission)", ""), zone)}
    return rows, names


def read(path: Path, zone) -> tuple[list[LmsHandIn], list[Unmatched]]:
    hand_ins, problems = read_tree(path, zone)
    metadata, sheets = worksheet(Path(path), zone)
    problems = [p for p in problems if p.source not in sheets]
    found = []
    for hand_in in hand_ins:
        top = first_part(hand_in.source).split(":")[0]
        match = NAME.match(top)
        if not match:
            problems.append(Unmatched("?", hand_in.source, NOT_MOODLE))
            continue
        if match["file"] and hand_in.filename == top:      # no folders: the file name follows the prefix
            hand_in.filename = match["file"]
        row = metadata.get(match["participant"])
        if row and row["time"] is not None:
            hand_in.submitted_at, hand_in.time_source = row["time"], "lms"
            hand_in.modified = row["time"].timestamp()
        found.append(LmsHandIn(match["participant"], match["name"], hand_in, email=row["email"] if row else ""))
    return found, problems
