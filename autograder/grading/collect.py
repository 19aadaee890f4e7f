"""Collect hand-ins as students send them into nbgrader's layout ``submitted/<student>/<chapter>/<chapter>.ipynb``.

The inbox holds, per student, a folder ``<inbox>/<student>/`` (notebooks anywhere inside it) or a zip
file ``<inbox>/<student>.zip`` (or both). Each ``.ipynb`` is matched to a chapter by the first rule that
decides it:

1. ``exact``     — the file is called ``<chapter>.ipynb`` (``01-perceptron.ipynb``);
2. ``renamed``   — the name is the chapter's once the decorations of copies and downloads are dropped and
                   case and separators ignored: ``01-perceptron (1)``, ``Copy of 01-perceptron``,
                   ``01-perceptron - 복사본``, ``01-perceptron.ipynb의 사본``, ``01_Perceptron``;
3. ``name``      — the name contains the chapter's topic (``perceptron_kim.ipynb``, ``HW_backprop.ipynb``)
                   and no other chapter's;
4. ``content``   — nothing in the name decides: the nbgrader ids (``grade_id``) and cell ids inside the
                   notebook that belong to exactly one chapter's lesson decide.

When the name says one chapter but the cells inside are plainly another chapter's (they share ids with
the other chapter and none with the named one), the cells win and the report says so. A file that no
rule places (not a notebook, a notebook without any of the lesson's cells, a name that fits two
chapters) is reported as unmatched; so are two files of one student for the same chapter (the newest
is collected, the other is reported).

Collecting never overwrites silently: a file already in ``submitted/`` with the same bytes is left alone
(re-collecting an unchanged inbox does nothing); one with different bytes is kept and reported unless
``update=True``, which replaces it and keeps the previous version next to it as ``<chapter>.ipynb.~N~``.
Files are copied byte for byte, so the grader's digest sees exactly what the student sent.

Each hand-in's submission time is kept beside it as ``timestamp.txt``, the file nbgrader's exchange writes and
autograde reads for late penalties (``deadlines.py``). It comes from, in this order: the LMS export's
metadata (``lms_collect.py``), a ``timestamp.txt`` in the hand-in's folder or above it (as nbgrader's exchange
writes it), or the file's time inside a zip; ``Placed.time_source`` says which. A loose file's own time is a
copy's time, not a submission's: it is not used, and the report says that the time is unknown.

Links are never followed: a symbolic link anywhere in the inbox (a file, a folder, the student folder or
``<student>.zip`` itself, a member of a zip), and a file with more than one hard link, is not read and is
reported as not collected — such a link could point at the solutions or at another student's file.
"""
import errno
import json
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

import nbformat

from .. import cells, paths

RULES = ("exact", "renamed", "name", "content")
MAX_NOTEBOOK_BYTES = 64 * 2**20        # a bigger "notebook" (or zip member) is not read

# decorations that copies and downloads add to a file name (matched on the lower-cased stem)
_DECORATIONS = [
    r"^(copy of|copia de|kopie von|copie de)\s+",     # Colab / Google Drive
    r"\.ipynb\s*의\s*사본$", r"\s*의\s*사본$", r"^사본\s*[-_]?\s*",  # Korean Drive / Colab
    r"\s*[-_]?\s*(copy|복사본)(\s*\(?\d+\)?)?$",       # Windows "- Copy", macOS " copy 2"
    r"\s*\(\d+\)$", r"\s*\[\d+\]$",                   # browser downloads "(1)"
    r"\s+\d+$",                                       # macOS duplicates " 2"
    r"\.ipynb$",
]


def _canonical(text: str) -> str:
    """Lower case, Unicode-normalised, letters and digits only."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).lower())


def _undecorated(stem: str) -> str:
    name = unicodedata.normalize("NFKC", stem).strip().lower()
    changed = True
    while changed:
        changed = False
        for pattern in _DECORATIONS:
            stripped = re.sub(pattern, "", name).strip()
            if stripped != name and stripped:
                name, changed = stripped, True
    return name


def _topic(chapter: str) -> str:
    """``01-perceptron`` → ``perceptron``."""
    return re.sub(r"^\d+[-_]", "", chapter)


@dataclass
class Chapters:
    """What identifies each chapter: its name, its topic and the ids only its lesson has."""
    names: list[str]
    ids: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_lessons(cls, chapters: list[str]) -> "Chapters":
        ids = {}
        for chapter in chapters:
            nb = nbformat.read(paths.lesson_notebook(chapter), as_version=4)
            ids[chapter] = _ids(nb)
        for chapter in chapters:   # keep only ids no other chapter has (not "setup", "test_helpers")
            others = set().union(*(ids[c] for c in chapters if c != chapter))
            ids[chapter] = ids[chapter] - others
        return cls(list(chapters), ids)

    def by_name(self, filename: str) -> tuple[str | None, str | None, str]:
        """(chapter, rule, note) from a file name alone; chapter None when the name does not decide."""
        stem = filename[:-len(".ipynb")] if filename.lower().endswith(".ipynb") else filename
        if stem in self.names:
            return stem, "exact", ""
        bare = _canonical(_undecorated(stem))
        hits = [c for c in self.names if _canonical(c) == bare]
        if len(hits) == 1:
            return hits[0], "renamed", ""
        name = _canonical(stem)
        hits = [c for c in self.names if _canonical(c) in name]
        if len(hits) != 1:
            hits = [c for c in self.names if _canonical(_topic(c)) in name]
        if len(hits) == 1:
            return hits[0], "name", ""
        if len(hits) > 1:
            return None, None, "이름이 여러 장에 맞습니다 / the name fits several chapters: " + ", ".join(hits)
        return None, None, ""

    def by_content(self, nb) -> tuple[str | None, int]:
        found = _ids(nb)
        overlap = {c: len(found & ids) for c, ids in self.ids.items()}
        best = max(overlap.values(), default=0)
        winners = [c for c, n in overlap.items() if n == best]
        return (winners[0], best) if best > 0 and len(winners) == 1 else (None, best)

    def overlap(self, nb, chapter: str) -> int:
        return len(_ids(nb) & self.ids.get(chapter, set()))


def _ids(nb) -> set[str]:
    found = set()
    for cell in nb.get("cells", []):
        if not isinstance(cell, dict):
            continue
        if cells.grade_id(cell):
            found.add("grade:" + cells.grade_id(cell))
        if cell.get("id"):
            found.add("cell:" + str(cell["id"]))
    return found


@dataclass
class HandIn:
    """One ``.ipynb`` file a student sent."""
    student: str
    source: str            # where it came from, for the report: "kim/01-perceptron (1).ipynb" or "kim.zip:a/b.ipynb"
    filename: str          # its base name
    data: bytes
    modified: float        # seconds since the epoch (file mtime, or the zip member's date)
    submitted_at: datetime | None = None   # when it was handed in (aware), if anything tells
    time_source: str = ""                  # what told it: the LMS's metadata, timestamp.txt, zip


@dataclass
class Placed:
    student: str
    chapter: str
    source: str
    rule: str
    action: str = ""       # new, unchanged, updated, kept (differs, not replaced)
    note: str = ""
    submitted_at: datetime | None = None
    time_source: str = ""


@dataclass
class Unmatched:
    student: str
    source: str
    reason: str


@dataclass
class CollectReport:
    placed: list[Placed] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    nothing: list[str] = field(default_factory=list)     # students with no notebook at all

    def count(self, action: str) -> int:
        return sum(p.action == action for p in self.placed)

    @property
    def kept(self) -> list[Placed]:
        return [p for p in self.placed if p.action == "kept"]

    def summary(self) -> str:
        lines = [f"{'student':<16}{'chapter':<18}{'rule':<9}{'action':<10}source"]
        for p in sorted(self.placed, key=lambda p: (p.student, p.chapter)):
            lines.append(f"{p.student:<16}{p.chapter:<18}{p.rule:<9}{p.action:<10}{p.source}"
                         + (f"  ({p.note})" if p.note else ""))
        if self.unmatched:
            lines.append("")
            lines.append("맞추지 못한 파일 / files not collected:")
            lines += [f"  {u.student}: {u.source}: {u.reason}" for u in self.unmatched]
        if self.nothing:
            lines.append("")
            lines.append("노트북이 없는 학생 / students without any notebook: " + ", ".join(self.nothing))
        lines += _times(self.placed)
        if self.kept:
            lines.append("")
            lines.append("이미 받은 것과 다른 파일은 바꾸지 않았습니다 (--update 로 바꿈) / files that differ from the "
                         "ones collected before were NOT replaced (use --update): "
                         + ", ".join(f"{p.student}/{p.chapter}" for p in self.kept))
        lines.append("")
        lines.append(f"새로 / new: {self.count('new')}, 바뀜 / updated: {self.count('updated')}, "
                     f"그대로 / unchanged: {self.count('unchanged')}, 보류 / kept: {self.count('kept')}, "
                     f"맞추지 못함 / not collected: {len(self.unmatched)}")
        return "\n".join(lines)


TIME_SOURCES = {"lms": ("LMS 내보내기의 메타데이터", "the LMS export's metadata"),
                "timestamp.txt": ("nbgrader 의 timestamp.txt", "nbgrader's timestamp.txt"),
                "zip": ("zip 속 파일 시각", "the file's time inside the zip")}


def _times(placed: list["Placed"]) -> list[str]:
    """The submission time of each hand-in and where it came from."""
    if not any(p.time_source for p in placed):
        return []
    lines = ["", "제출 시각 / submission times:"]
    for p in sorted(placed, key=lambda p: (p.student, p.chapter)):
        if p.submitted_at is None:
            lines.append(f"  {p.student}/{p.chapter}: 모름 / unknown (LMS 정보, timestamp.txt, zip 없음 / "
                         "no LMS metadata, timestamp.txt or zip)")
        else:
            ko, en = TIME_SOURCES.get(p.time_source, (p.time_source, p.time_source))
            lines.append(f"  {p.student}/{p.chapter}: {p.submitted_at.isoformat(timespec='seconds')} ({ko} / {en})")
    return lines


def parse_timestamp(text: str) -> datetime | None:
    """A ``timestamp.txt`` as nbgrader writes it (aware, UTC); None when it cannot be read."""
    from nbgrader.utils import parse_utc
    try:
        moment = parse_utc(text.strip())
    except (ValueError, OverflowError, TypeError):
        return None
    return moment.replace(tzinfo=timezone.utc) if moment is not None else None


def zip_time(info: zipfile.ZipInfo, zone) -> datetime:
    """A zip member's modification time: the UTC time of its extended-timestamp field (0x5455) when
    present, else its DOS date and time, which has no time zone, read in ``zone``."""
    extra = info.extra
    while len(extra) >= 4:
        kind, size = int.from_bytes(extra[:2], "little"), int.from_bytes(extra[2:4], "little")
        body = extra[4:4 + size]
        if kind == 0x5455 and len(body) >= 5 and body[0] & 1:
            return datetime.fromtimestamp(int.from_bytes(body[1:5], "little", signed=True), timezone.utc)
        extra = extra[4 + size:]
    return datetime(*info.date_time, tzinfo=zone)


def _skipped(parts) -> bool:
    return any(p.startswith(".") or p in ("__MACOSX", ".ipynb_checkpoints") for p in parts)


# Nothing in the inbox is read through a link: a symbolic link (``kim/01-perceptron.ipynb`` →
# ``solutions/…`` or → another student's file) and a hard link (a second name of a file that may live
# outside the inbox) are reported and not read, at any depth, the student folder and ``<student>.zip``
# included, and so are zip members that are symbolic links. Every file and folder below the inbox is
# opened relative to its parent's descriptor with O_NOFOLLOW and checked with fstat, so a link swapped
# in between listing and reading is refused too.
SYMLINK = "심볼릭 링크는 받지 않습니다 / symbolic links are not accepted"
HARDLINK = ("하드 링크(이름이 여럿인 파일)는 받지 않습니다 / hard links (a file with more than one name) "
            "are not accepted")
NOT_REGULAR = "보통 파일이나 폴더가 아닙니다 / neither a regular file nor a folder"
TOO_DEEP = "폴더가 너무 깊습니다 / folders nested too deep"
MAX_DEPTH = 32
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_FLAGS = os.O_RDONLY | _O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class _Rejected(Exception):
    """Why a file or folder of the inbox is not read."""


def _open(name: str, dir_fd: int, directory: bool) -> tuple[int, os.stat_result]:
    """A descriptor and fstat of ``name`` inside ``dir_fd``, never through a link; raises _Rejected."""
    flags = _O_FLAGS | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except OSError as error:
        try:
            link = stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
        except OSError:
            link = False
        if link or error.errno == errno.ELOOP:
            raise _Rejected(SYMLINK) from None
        raise _Rejected(f"읽을 수 없습니다 / cannot read it: {error}") from None
    st = os.fstat(fd)
    if stat.S_ISREG(st.st_mode) and not directory and st.st_nlink > 1:
        reason = HARDLINK
    elif not (stat.S_ISDIR(st.st_mode) if directory else stat.S_ISREG(st.st_mode)):
        reason = NOT_REGULAR
    else:
        return fd, st
    os.close(fd)
    raise _Rejected(reason)


def _read_notebook(name: str, dir_fd: int) -> tuple[bytes, float]:
    fd, st = _open(name, dir_fd, directory=False)
    with open(fd, "rb") as file:
        if st.st_size > MAX_NOTEBOOK_BYTES:
            raise _Rejected("64 MB 보다 큽니다 / larger than 64 MB")
        data = file.read(MAX_NOTEBOOK_BYTES + 1)
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise _Rejected("64 MB 보다 큽니다 / larger than 64 MB")
    return data, st.st_mtime


def _zip_in(name: str, dir_fd: int, student: str, source: str, into: list["HandIn"],
            zone=timezone.utc) -> list["Unmatched"]:
    fd, _ = _open(name, dir_fd, directory=False)
    with open(fd, "rb") as file:
        return _read_zip(file, student, source, into, zone)


def _walk(dir_fd: int, student: str, parts: tuple[str, ...], into: list["HandIn"], problems: list["Unmatched"],
          stamp: datetime | None = None):
    """Everything below the open folder ``dir_fd`` (``parts`` below the student folder), depth first by name;
    ``stamp``: the submission time a ``timestamp.txt`` here or above gives."""
    with os.scandir(dir_fd) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        if entry.name == "timestamp.txt" and not entry.is_symlink() and entry.is_file(follow_symlinks=False):
            try:
                data, _ = _read_notebook(entry.name, dir_fd)
                stamp = parse_timestamp(data.decode("utf-8", "replace")) or stamp
            except (_Rejected, OSError):
                pass
    for entry in entries:
        if entry.name == "timestamp.txt":
            continue
        rel = parts + (entry.name,)
        source = f"{student}/{'/'.join(rel)}"
        try:
            if entry.is_symlink():
                raise _Rejected(SYMLINK)
            if _skipped(rel):
                continue
            if entry.is_dir(follow_symlinks=False):
                if len(rel) >= MAX_DEPTH:
                    raise _Rejected(TOO_DEEP)
                fd, _ = _open(entry.name, dir_fd, directory=True)
                try:
                    _walk(fd, student, rel, into, problems, stamp)
                finally:
                    os.close(fd)
                continue
            if not entry.is_file(follow_symlinks=False):
                raise _Rejected(NOT_REGULAR)
            suffix = PurePosixPath(entry.name).suffix.lower()
            if suffix == ".zip":
                problems += _zip_in(entry.name, dir_fd, student, source, into)
            elif suffix == ".ipynb":
                data, modified = _read_notebook(entry.name, dir_fd)
                into.append(HandIn(student, source, entry.name, data, modified, stamp,
                                   "timestamp.txt" if stamp else ""))
            elif entry.stat(follow_symlinks=False).st_nlink > 1:
                raise _Rejected(HARDLINK)
            else:
                problems.append(Unmatched(student, source, "노트북(.ipynb)이 아닙니다 / not a .ipynb file"))
        except _Rejected as why:
            problems.append(Unmatched(student, source, str(why)))
        except OSError as error:
            problems.append(Unmatched(student, source, f"읽을 수 없습니다 / cannot read it: {error}"))


def read_inbox(inbox: Path, zone=timezone.utc) -> tuple[dict[str, list[HandIn]], list[Unmatched]]:
    """{student: their .ipynb files} from ``<inbox>/<student>/…`` and ``<inbox>/<student>.zip``."""
    found: dict[str, list[HandIn]] = {}
    problems: list[Unmatched] = []
    inbox_fd = os.open(inbox, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        with os.scandir(inbox_fd) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            is_zip = entry.name.lower().endswith(".zip")
            student = entry.name[:-len(".zip")] if is_zip else entry.name
            try:
                if entry.is_symlink():          # the student folder or zip itself: not followed
                    raise _Rejected(SYMLINK)
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    found.setdefault(student, [])
                    fd, _ = _open(entry.name, inbox_fd, directory=True)
                    try:
                        _walk(fd, student, (), found[student], problems)
                    finally:
                        os.close(fd)
                elif entry.is_file(follow_symlinks=False) and is_zip:
                    found.setdefault(student, [])
                    problems += _zip_in(entry.name, inbox_fd, student, entry.name, found[student], zone)
                else:
                    problems.append(Unmatched("?", entry.name, "학생 폴더나 zip 이 아닙니다 / neither a student "
                                                               "folder nor <student>.zip"))
            except _Rejected as why:
                problems.append(Unmatched(student, entry.name, str(why)))
            except OSError as error:
                problems.append(Unmatched(student, entry.name, f"읽을 수 없습니다 / cannot read it: {error}"))
    finally:
        os.close(inbox_fd)
    return found, problems


def _read_zip(file, student: str, source: str, into: list[HandIn], zone=timezone.utc) -> list[Unmatched]:
    problems = []
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError) as error:
        return [Unmatched(student, source, f"zip 을 열 수 없습니다 / cannot open the zip: {error}")]
    with archive:
        stamps = {}    # folder inside the zip -> the time its timestamp.txt gives
        for info in archive.infolist():
            name = PurePosixPath(info.filename)
            if name.name == "timestamp.txt" and not info.is_dir() and info.file_size < 1024:
                try:
                    stamps[name.parent] = parse_timestamp(archive.read(info).decode("utf-8", "replace"))
                except Exception:
                    pass
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if PurePosixPath(info.filename).name == "timestamp.txt":
                continue
            name = PurePosixPath(info.filename)
            where = f"{source}:{info.filename}"
            if stat.S_ISLNK(info.external_attr >> 16):     # a symbolic link stored in the zip: its target
                problems.append(Unmatched(student, where, SYMLINK))   # is not read, nor collected as a file
                continue
            if info.is_dir() or _skipped(name.parts):
                continue
            if name.suffix.lower() != ".ipynb":
                problems.append(Unmatched(student, where, "노트북(.ipynb)이 아닙니다 / not a .ipynb file"))
            elif info.file_size > MAX_NOTEBOOK_BYTES:
                problems.append(Unmatched(student, where, "64 MB 보다 큽니다 / larger than 64 MB"))
            else:
                try:
                    data = archive.read(info)
                except Exception as error:  # corrupt member, encrypted, ...
                    problems.append(Unmatched(student, where, f"읽을 수 없습니다 / cannot read it: {error}"))
                    continue
                stamp = next((stamps[f] for f in (name.parent, *name.parent.parents) if stamps.get(f)), None)
                into.append(HandIn(student, where, name.name, data, datetime(*info.date_time).timestamp(),
                                   stamp or zip_time(info, zone), "timestamp.txt" if stamp else "zip"))
    return problems


def _notebook(data: bytes):
    try:
        nb = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    return nb if isinstance(nb, dict) and isinstance(nb.get("cells"), list) else None


def match(hand_in: HandIn, chapters: Chapters) -> tuple[Placed | None, Unmatched | None]:
    chapter, rule, note = chapters.by_name(hand_in.filename)
    nb = _notebook(hand_in.data)
    if nb is not None:
        by_cells, strength = chapters.by_content(nb)
        if chapter and by_cells and by_cells != chapter and chapters.overlap(nb, chapter) == 0:
            return Placed(hand_in.student, by_cells, hand_in.source, "content",
                          note=f"이름은 {chapter}, 셀은 {by_cells} / named {chapter}, cells are {by_cells}'s"), None
        if chapter is None and by_cells:
            return Placed(hand_in.student, by_cells, hand_in.source, "content", note=note), None
    if chapter:
        return Placed(hand_in.student, chapter, hand_in.source, rule), None
    if nb is None:
        why = "이름으로도 알 수 없고 노트북도 아닙니다 / the name tells nothing and it is not a notebook"
    else:
        why = "이름으로도 셀로도 장을 알 수 없습니다 / neither its name nor its cells tell the chapter"
    return None, Unmatched(hand_in.student, hand_in.source, "; ".join(x for x in (note, why) if x))


def _backup(target: Path) -> Path:
    n = 1
    while target.with_name(f"{target.name}.~{n}~").exists():
        n += 1
    return target.with_name(f"{target.name}.~{n}~")


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.collecting")
    temporary.write_bytes(data)
    temporary.replace(target)


def _passed_over(chapter: str, newer: str, action: str) -> str:
    """Why a second file for one chapter was not collected, in words that agree with what became of the newer."""
    if action == "kept":   # the newer one differs from what was collected before and was not taken either
        return (f"같은 장({chapter})의 파일이 또 있어 더 최근 것 {newer} 을 골랐지만, 이미 받은 것과 달라 바꾸지 않았습니다 "
                f"(--update) / another file for {chapter}: the newer {newer} was chosen, and it too was NOT "
                "collected (it differs from the file collected before; use --update)")
    return (f"같은 장({chapter})의 파일이 또 있어 더 최근 것 {newer} 을 받았습니다 / another file for {chapter}: "
            f"collected the newer {newer}")


def _write_time(target: Path, placed: Placed) -> None:
    """``timestamp.txt`` beside the collected notebook, as nbgrader's exchange writes it (deadlines.py)."""
    from .deadlines import timestamp_text
    stamp = target.with_name("timestamp.txt")
    if placed.submitted_at is not None:
        if placed.action in ("new", "updated") or not stamp.exists():
            stamp.write_text(timestamp_text(placed.submitted_at) + "\n", encoding="utf-8")
    elif placed.action in ("new", "updated") and stamp.exists():
        stamp.unlink()     # the new hand-in's time is unknown: the old one's would be wrong


def collect(inbox: Path, submitted: Path, chapters: list[str] | None = None, *, update: bool = False,
            zone=timezone.utc) -> CollectReport:
    """``zone``: the course's time zone, for zip members that carry no time zone of their own."""
    by_student, problems = read_inbox(Path(inbox), zone)
    for hand_in in (h for hand_ins in by_student.values() for h in hand_ins if h.submitted_at):
        hand_in.submitted_at = hand_in.submitted_at.astimezone(zone)   # shown in the course's time zone
    return place(by_student, problems, submitted, chapters, update=update)


def place(by_student: dict[str, list[HandIn]], problems: list[Unmatched], submitted: Path,
          chapters: list[str] | None = None, *, update: bool = False) -> CollectReport:
    """Match each student's hand-ins to chapters and copy them into ``submitted``."""
    chapters = chapters or paths.chapters()
    known = Chapters.from_lessons(chapters)
    report = CollectReport()
    report.unmatched += problems
    for student, hand_ins in sorted(by_student.items()):
        if not hand_ins:
            report.nothing.append(student)
            continue
        chosen: dict[str, list[tuple[HandIn, Placed]]] = {}
        for hand_in in hand_ins:
            placed, unmatched = match(hand_in, known)
            if unmatched:
                report.unmatched.append(unmatched)
            else:
                chosen.setdefault(placed.chapter, []).append((hand_in, placed))
        for chapter, candidates in sorted(chosen.items()):
            # the newest file wins; then the surest rule; then the name (deterministic)
            candidates.sort(key=lambda hp: (-hp[0].modified, RULES.index(hp[1].rule), hp[0].source))
            hand_in, placed = candidates[0]
            placed.submitted_at, placed.time_source = hand_in.submitted_at, hand_in.time_source
            target = Path(submitted) / student / chapter / f"{chapter}.ipynb"
            if not target.exists():
                _write(target, hand_in.data)
                placed.action = "new"
            elif target.read_bytes() == hand_in.data:
                placed.action = "unchanged"
            elif update:
                target.replace(_backup(target))
                _write(target, hand_in.data)
                placed.action = "updated"
            else:
                placed.action = "kept"
            if placed.action != "kept":
                _write_time(target, placed)
            for other, _ in candidates[1:]:
                report.unmatched.append(Unmatched(student, other.source, _passed_over(chapter, hand_in.source,
                                                                                      placed.action)))
            report.placed.append(placed)
    return report
