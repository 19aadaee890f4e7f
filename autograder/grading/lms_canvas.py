"""Canvas's bulk download of an assignment's submissions ("Download Submissions"): one zip, every file named
``<name>_<user id>_<submission id>_<file>``, with ``late`` after the name when Canvas counted it late
(``kimminjun_late_48213_90211_01-perceptron-1.ipynb``). ``<name>`` is the student's sortable name with spaces
and punctuation dropped (``김민준``, ``kimminjun``); ``<file>`` is the name the student uploaded, with ``-1``,
``-2`` added by Canvas for a resubmission. The zip carries no submission time but each file's time in it.
"""
import re
from pathlib import Path

from .collect import Unmatched
from .lms_files import LmsHandIn, first_part, read_tree

NAME = re.compile(r"^(?P<name>[^_]+)_(?:(?P<late>late)_)?(?P<user>\d+)_(?P<submission>\d+)_(?P<file>.+)$",
                  re.IGNORECASE)
NOT_CANVAS = ("Canvas 의 파일 이름(<이름>_<사용자 id>_<제출 id>_<파일>)이 아닙니다 / not a Canvas file name "
              "(<name>_<user id>_<submission id>_<file>)")


def read(path: Path, zone) -> tuple[list[LmsHandIn], list[Unmatched]]:
    hand_ins, problems = read_tree(path, zone)
    found = []
    for hand_in in hand_ins:
        match = NAME.match(first_part(hand_in.source).split(":")[0])
        if not match:
            problems.append(Unmatched("?", hand_in.source, NOT_CANVAS))
            continue
        hand_in.filename = match["file"] if hand_in.filename == first_part(hand_in.source) else hand_in.filename
        found.append(LmsHandIn(match["user"], match["name"], hand_in, late_marked=bool(match["late"])))
    return found, problems
