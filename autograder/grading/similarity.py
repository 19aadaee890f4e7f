"""Similarity of answers across a class, per chapter and exercise, for the instructor to look at.

Each student's answer cell of an exercise (by its nbgrader ``grade_id``) is fingerprinted with copydetect, as
MOSS does: its tokens are normalized (every name becomes ``V``/``F``/``O``, strings ``S``, whitespace and
comments dropped), k-grams of the normalized text are hashed and winnowed. Fingerprints that are not the
student's own are left out: those of the lesson's given code and stub (copydetect's boilerplate), and those
that many students share (MOSS's ``-m``: code everyone writes the same way, such as ``return 1/(1+np.exp(-x))``).
A pair is reported when the share of one answer's remaining fingerprints found in the other is high
(``threshold``) and the shared part is long enough to mean something (``min_tokens``).

copydetect hashes k-grams with Python's ``hash``, which changes with every process (PYTHONHASHSEED), so its
winnowing picks different fingerprints on every run; here the k-grams are hashed with BLAKE2b (``_hashes``)
and copydetect's own winnowing, overlap and highlighting do the rest, so the report is the same on every run.
"""
import hashlib
import json
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np
from copydetect.detector import CodeFingerprint, compare_files
from copydetect.utils import filter_code, get_token_coverage, winnow

from .. import cells, paths

NOISE = 25          # k: shorter matches (normalized characters) are noise (copydetect's noise_t)
GUARANTEE = 30      # a match this long is always found (copydetect's guarantee_t): window = 30 - 25 + 1
THRESHOLD = 0.6     # share of an answer's own fingerprints found in the other
MIN_TOKENS = 80     # normalized characters shared, at least
COMMON = 0.1       # a fingerprint in more than this share of the class (and more than 3 answers) is common


def _hashes(text: str, k: int) -> np.ndarray:
    return np.array([int.from_bytes(hashlib.blake2b(text[i:i + k].encode(), digest_size=8).digest(), "little",
                                    signed=True) for i in range(len(text) - k + 1)], dtype=np.int64)


def fingerprint(code: str, boilerplate: np.ndarray | None = None, k: int = NOISE,
                window: int = GUARANTEE - NOISE + 1) -> CodeFingerprint:
    """copydetect's CodeFingerprint of ``code`` (Python), with a hash that is the same in every process."""
    filtered, offsets = filter_code(code, "answer.py", "python")
    hashes, idx = winnow(_hashes(filtered, k), window, remove_duplicates=False)
    if boilerplate is not None and len(boilerplate):
        keep = ~np.isin(hashes, boilerplate)
        hashes, idx = hashes[keep], idx[keep]
    by_hash: dict[int, list[int]] = {}
    for value, index in zip(hashes.tolist(), idx.tolist()):
        by_hash.setdefault(value, []).append(index)
    found = CodeFingerprint.__new__(CodeFingerprint)   # the fields copydetect's compare_files reads
    found.filename, found.raw_code, found.filtered_code, found.offsets = "answer.py", code, filtered, offsets
    found.hashes, found.hash_idx, found.k = set(by_hash), by_hash, k
    found.token_coverage = get_token_coverage(by_hash, k, len(filtered))
    return found


def all_hashes(code: str, k: int = NOISE) -> np.ndarray:
    """Every k-gram hash of ``code`` once normalized (for boilerplate, as copydetect uses window 1 for it)."""
    filtered, _ = filter_code(code, "given.py", "python")
    return np.unique(_hashes(filtered, k)) if len(filtered) >= k else np.array([], dtype=np.int64)


@dataclass
class Pair:
    chapter: str
    exercise: str
    first: str
    second: str
    similarity: float            # the larger of the two shares
    shares: tuple[float, float]  # share of each answer's own fingerprints found in the other
    tokens: int                  # normalized characters shared
    slices: tuple                # copydetect's copied slices in each raw answer
    codes: tuple[str, str]

    @property
    def flagged(self) -> bool:
        return self.similarity >= THRESHOLD and self.tokens >= MIN_TOKENS

    @property
    def page(self) -> str:
        return f"{self.exercise}/{self.first}__{self.second}.html"


@dataclass
class ChapterReport:
    chapter: str
    pairs: list[Pair] = field(default_factory=list)        # every pair compared, most alike first
    answers: dict[str, int] = field(default_factory=dict)  # exercise -> answers compared

    @property
    def flagged(self) -> list[Pair]:
        return [p for p in self.pairs if p.flagged]


def given_code(chapter: str) -> dict[str, str]:
    """Each exercise's cell as the lesson gives it (the stub), and all the lesson's other code."""
    nb = json.loads(paths.lesson_notebook(chapter).read_text(encoding="utf-8"))
    stubs, rest = {}, []
    for cell in nb["cells"]:
        source = "".join(cell.get("source", "")) if isinstance(cell.get("source"), list) else cell.get("source", "")
        if cell.get("cell_type") != "code":
            continue
        if cells.is_solution(cell) and cells.grade_id(cell):
            stubs[cells.grade_id(cell)] = source
        else:
            rest.append(source)
    stubs[""] = "\n".join(rest)
    return stubs


def answers(submitted: Path, chapter: str, exercises: list[str]) -> dict[str, dict[str, str]]:
    """{exercise: {student: answer cell}} from ``submitted/<student>/<chapter>/<chapter>.ipynb``."""
    found: dict[str, dict[str, str]] = {e: {} for e in exercises}
    for notebook in sorted(Path(submitted).glob(f"*/{chapter}/{chapter}.ipynb")):
        student = notebook.parent.parent.name
        try:
            nb = json.loads(notebook.read_text(encoding="utf-8"))
            code_cells = [c for c in nb.get("cells", []) if isinstance(c, dict) and c.get("cell_type") == "code"]
        except (ValueError, UnicodeDecodeError, AttributeError):
            continue
        for cell in code_cells:
            exercise = cells.grade_id(cell) if isinstance(cell.get("metadata"), dict) else ""
            if exercise in found and student not in found[exercise]:
                source = cell.get("source", "")
                found[exercise][student] = "".join(source) if isinstance(source, list) else str(source)
    return found


def compare(chapter: str, exercise: str, by_student: dict[str, str], given: str, others: str = "") -> list[Pair]:
    """Every pair of students' answers to one exercise, most alike first."""
    boilerplate = np.union1d(all_hashes(given), all_hashes(others))
    prints = {s: fingerprint(code, boilerplate) for s, code in by_student.items()}
    prints = {s: p for s, p in prints.items() if p.hashes}          # nothing of their own: nothing to compare
    counts: dict[int, int] = {}
    for p in prints.values():
        for value in p.hashes:
            counts[value] = counts.get(value, 0) + 1
    limit = max(3, COMMON * len(prints))
    common = np.array([v for v, n in counts.items() if n > limit], dtype=np.int64)
    if len(common):
        boilerplate = np.union1d(boilerplate, common)
        prints = {s: fingerprint(by_student[s], boilerplate) for s in prints}
        prints = {s: p for s, p in prints.items() if p.hashes}
    pairs = []
    for first, second in combinations(sorted(prints), 2):
        tokens, shares, slices = compare_files(prints[first], prints[second])
        if tokens == 0:
            continue
        shares = (float(shares[0]), float(shares[1]))
        pairs.append(Pair(chapter, exercise, first, second, max(shares), shares, int(tokens), slices,
                          (by_student[first], by_student[second])))
    return sorted(pairs, key=lambda p: (-p.flagged, -p.similarity, -p.tokens, p.first, p.second))


def chapter_report(submitted: Path, chapter: str) -> ChapterReport:
    given = given_code(chapter)
    exercises = [e for e in given if e]
    report = ChapterReport(chapter)
    for exercise, by_student in answers(submitted, chapter, exercises).items():
        report.answers[exercise] = len(by_student)
        report.pairs += compare(chapter, exercise, by_student, given[exercise], given[""])
    report.pairs.sort(key=lambda p: (-p.flagged, -p.similarity, -p.tokens, p.exercise, p.first, p.second))
    return report
