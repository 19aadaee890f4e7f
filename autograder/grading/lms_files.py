"""Reading an LMS download, a zip or the folder it was unpacked into, with ``collect``'s own safe reader (no
link is followed, sizes are capped), and what the LMS says about each file it holds."""
import os
from dataclasses import dataclass
from pathlib import Path

from .collect import HandIn, Unmatched, _walk, _zip_in


@dataclass
class LmsHandIn:
    """One file of an LMS download and who the LMS says sent it."""
    key: str                          # the LMS's id of the sender: Canvas user id, Moodle participant id
    name: str                         # the LMS's name of the sender
    hand_in: HandIn
    late_marked: bool | None = None   # the LMS's own verdict (Canvas's "late"); None: it does not say
    email: str = ""


def read_tree(path: Path, zone) -> tuple[list[HandIn], list[Unmatched]]:
    """Every notebook of the zip or folder ``path``; ``HandIn.source`` is ``<zip>:<member>`` or ``/<path>``."""
    path = Path(path)
    hand_ins, problems = [], []
    if path.is_file() and not path.is_symlink():
        parent = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            problems += _zip_in(path.name, parent, "", path.name, hand_ins, zone)
        finally:
            os.close(parent)
        for item in hand_ins + problems:
            if item.source.startswith(path.name + ":"):
                item.source = item.source[len(path.name) + 1:]
    else:
        folder = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
        try:
            _walk(folder, "", (), hand_ins, problems)
        finally:
            os.close(folder)
        for hand_in in hand_ins + problems:
            hand_in.source = hand_in.source.lstrip("/")
    return hand_ins, problems


def first_part(source: str) -> str:
    """The first folder (or the file) of a path inside the download."""
    return source.split("/", 1)[0]
