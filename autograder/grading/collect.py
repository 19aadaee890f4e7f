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
"""
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
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


@dataclass
class Placed:
    student: str
    chapter: str
    source: str
    rule: str
    action: str = ""       # new, unchanged, updated, kept (differs, not replaced)
    note: str = ""


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


def _skipped(parts) -> bool:
    return any(p.startswith(".") or p in ("__MACOSX", ".ipynb_checkpoints") for p in parts)


def read_inbox(inbox: Path) -> tuple[dict[str, list[HandIn]], list[Unmatched]]:
    """{student: their .ipynb files} from ``<inbox>/<student>/…`` and ``<inbox>/<student>.zip``."""
    found: dict[str, list[HandIn]] = {}
    problems: list[Unmatched] = []
    for entry in sorted(inbox.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            student = entry.name
            found.setdefault(student, [])
            for path in sorted(entry.rglob("*")):
                rel = path.relative_to(entry)
                if not path.is_file() or _skipped(rel.parts):
                    continue
                source = f"{student}/{rel.as_posix()}"
                if path.suffix.lower() == ".zip":
                    problems += _read_zip(path, student, source, found[student])
                elif path.suffix.lower() == ".ipynb":
                    if path.stat().st_size > MAX_NOTEBOOK_BYTES:
                        problems.append(Unmatched(student, source, "64 MB 보다 큽니다 / larger than 64 MB"))
                        continue
                    found[student].append(HandIn(student, source, path.name, path.read_bytes(), path.stat().st_mtime))
                else:
                    problems.append(Unmatched(student, source, "노트북(.ipynb)이 아닙니다 / not a .ipynb file"))
        elif entry.is_file() and entry.suffix.lower() == ".zip":
            student = entry.stem
            found.setdefault(student, [])
            problems += _read_zip(entry, student, entry.name, found[student])
        else:
            problems.append(Unmatched("?", entry.name, "학생 폴더나 zip 이 아닙니다 / neither a student folder nor "
                                                       "<student>.zip"))
    return found, problems


def _read_zip(path: Path, student: str, source: str, into: list[HandIn]) -> list[Unmatched]:
    problems = []
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        return [Unmatched(student, source, f"zip 을 열 수 없습니다 / cannot open the zip: {error}")]
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            name = PurePosixPath(info.filename)
            if info.is_dir() or _skipped(name.parts):
                continue
            where = f"{source}:{info.filename}"
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
                into.append(HandIn(student, where, name.name, data, datetime(*info.date_time).timestamp()))
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


def collect(inbox: Path, submitted: Path, chapters: list[str] | None = None, *, update: bool = False) -> CollectReport:
    chapters = chapters or paths.chapters()
    known = Chapters.from_lessons(chapters)
    report = CollectReport()
    by_student, problems = read_inbox(Path(inbox))
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
            for other, _ in candidates[1:]:
                report.unmatched.append(Unmatched(student, other.source, f"같은 장({chapter})의 파일이 또 있어 더 최근 것 "
                                                  f"{hand_in.source} 을 받았습니다 / another file for {chapter}: "
                                                  f"collected the newer {hand_in.source}"))
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
            report.placed.append(placed)
    return report
