"""`collect`: hand-ins as students send them → submitted/<student>/<chapter>/<chapter>.ipynb.
One test per matching rule, plus the report, duplicates, zips and idempotence. (Issue 5, point 1.)"""
import copy
import json
import os
import stat
import zipfile

import nbformat
import pytest

from autograder import cli, paths
from autograder.grading.collect import Chapters, collect

FIRST, SECOND = "01-perceptron", "02-backprop"
CHAPTERS = [FIRST, SECOND]


def _lesson(chapter: str) -> str:
    return paths.lesson_notebook(chapter).read_text(encoding="utf-8")


def _put(path, text, mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def _placed(report):
    return {(p.student, p.chapter): p for p in report.placed}


@pytest.fixture(scope="module")
def known():
    return Chapters.from_lessons(CHAPTERS)


@pytest.mark.parametrize("filename,chapter,rule", [
    ("01-perceptron.ipynb", FIRST, "exact"),
    ("01-perceptron (1).ipynb", FIRST, "renamed"),
    ("01-perceptron(2).ipynb", FIRST, "renamed"),
    ("Copy of 01-perceptron.ipynb", FIRST, "renamed"),
    ("01-perceptron - Copy.ipynb", FIRST, "renamed"),
    ("01-perceptron - 복사본.ipynb", FIRST, "renamed"),
    ("01-perceptron.ipynb의 사본.ipynb", FIRST, "renamed"),
    ("01_Perceptron copy 2.ipynb", FIRST, "renamed"),
    ("perceptron_kim.ipynb", FIRST, "name"),
    ("HW-Backprop-final.ipynb", SECOND, "name"),
    ("kim_01-perceptron_v2.ipynb", FIRST, "name"),
])
def test_name_rules(known, filename, chapter, rule):
    assert known.by_name(filename)[:2] == (chapter, rule)


@pytest.mark.parametrize("filename", ["Untitled.ipynb", "homework.ipynb", "과제.ipynb"])
def test_names_that_tell_nothing(known, filename):
    assert known.by_name(filename)[0] is None


def test_content_rule_places_a_notebook_whose_name_tells_nothing(tmp_path):
    _put(tmp_path / "inbox" / "kim" / "Untitled.ipynb", _lesson(SECOND))
    report = collect(tmp_path / "inbox", tmp_path / "submitted", CHAPTERS)
    placed = _placed(report)[("kim", SECOND)]
    assert placed.rule == "content" and placed.action == "new"
    assert (tmp_path / "submitted" / "kim" / SECOND / f"{SECOND}.ipynb").read_text(encoding="utf-8") == _lesson(SECOND)


def test_content_rule_uses_grade_ids_when_cell_ids_are_gone(tmp_path):
    nb = nbformat.reads(_lesson(FIRST), as_version=4)
    for cell in nb.cells:
        cell.pop("id", None)          # an old Jupyter or a copy-paste into a fresh notebook drops cell ids
    text = json.dumps({**nb, "nbformat_minor": 4}, ensure_ascii=False)
    _put(tmp_path / "inbox" / "kim" / "lab.ipynb", text)
    report = collect(tmp_path / "inbox", tmp_path / "submitted", CHAPTERS)
    assert _placed(report)[("kim", FIRST)].rule == "content"


def test_cells_win_over_a_misleading_name(tmp_path):
    _put(tmp_path / "inbox" / "lee" / f"{FIRST}.ipynb", _lesson(SECOND))   # chapter 2 saved under chapter 1's name
    report = collect(tmp_path / "inbox", tmp_path / "submitted", CHAPTERS)
    placed = _placed(report)
    assert set(placed) == {("lee", SECOND)}
    assert placed[("lee", SECOND)].rule == "content" and FIRST in placed[("lee", SECOND)].note


def test_a_broken_file_with_the_right_name_is_collected_for_the_grader_to_judge(tmp_path):
    _put(tmp_path / "inbox" / "eom" / f"{FIRST}.ipynb", "I saved the wrong file")
    report = collect(tmp_path / "inbox", tmp_path / "submitted", CHAPTERS)
    assert _placed(report)[("eom", FIRST)].rule == "exact"


def test_zip_per_student(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with zipfile.ZipFile(inbox / "park.zip", "w") as archive:
        archive.writestr("park_homework/01-perceptron (1).ipynb", _lesson(FIRST))
        archive.writestr("park_homework/notes.txt", "hello")
        archive.writestr("__MACOSX/park_homework/._01-perceptron (1).ipynb", "junk")
        archive.writestr("park_homework/.ipynb_checkpoints/01-perceptron-checkpoint.ipynb", _lesson(FIRST))
        archive.writestr("park_homework/Untitled1.ipynb", _lesson(SECOND))
    report = collect(inbox, tmp_path / "submitted", CHAPTERS)
    placed = _placed(report)
    assert placed[("park", FIRST)].rule == "renamed" and placed[("park", SECOND)].rule == "content"
    assert [u.source for u in report.unmatched] == ["park.zip:park_homework/notes.txt"]
    assert (tmp_path / "submitted" / "park" / FIRST / f"{FIRST}.ipynb").read_text(encoding="utf-8") == _lesson(FIRST)


def test_report_lists_what_could_not_be_matched(tmp_path):
    inbox = tmp_path / "inbox"
    _put(inbox / "kim" / "Untitled.ipynb", json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    _put(inbox / "kim" / "answers.py", "print(1)")
    _put(inbox / "kim" / "scan.ipynb", "not json at all")
    _put(inbox / "kim" / "perceptron_and_backprop.ipynb", "{}")
    (inbox / "nobody").mkdir()
    _put(inbox / "stray.txt", "?")
    (inbox / "broken.zip").write_bytes(b"PK not really")
    report = collect(inbox, tmp_path / "submitted", CHAPTERS)
    assert report.placed == []
    reasons = {u.source: u.reason for u in report.unmatched}
    assert "neither its name nor its cells" in reasons["kim/Untitled.ipynb"]
    assert "not a .ipynb" in reasons["kim/answers.py"]
    assert "not a notebook" in reasons["kim/scan.ipynb"]
    assert "several chapters" in reasons["kim/perceptron_and_backprop.ipynb"]
    assert "neither a student folder" in reasons["stray.txt"]
    assert "cannot open the zip" in reasons["broken.zip"]
    assert report.nothing == ["broken", "nobody"]   # the broken zip left "broken" without a notebook
    text = report.summary()
    assert "files not collected" in text and "kim/Untitled.ipynb" in text and "nobody" in text


def test_two_files_for_one_chapter_keep_the_newest_and_report_the_other(tmp_path):
    inbox = tmp_path / "inbox"
    old = _put(inbox / "choi" / f"{FIRST}.ipynb", _lesson(FIRST), mtime=1_700_000_000)
    newer = copy.deepcopy(nbformat.reads(_lesson(FIRST), as_version=4))
    newer.cells[0].source += "\n<!-- edited -->"
    _put(inbox / "choi" / f"{FIRST} (1).ipynb", nbformat.writes(newer), mtime=1_700_000_500)
    report = collect(inbox, tmp_path / "submitted", CHAPTERS)
    assert _placed(report)[("choi", FIRST)].source == f"choi/{FIRST} (1).ipynb"
    assert [u.source for u in report.unmatched] == [f"choi/{old.name}"]
    assert "another file" in report.unmatched[0].reason


def test_collect_is_idempotent_and_never_overwrites_silently(tmp_path, capsys):
    inbox, submitted = tmp_path / "inbox", tmp_path / "submitted"
    source = _put(inbox / "kim" / "perceptron_kim.ipynb", _lesson(FIRST))
    target = submitted / "kim" / FIRST / f"{FIRST}.ipynb"
    assert collect(inbox, submitted, CHAPTERS).count("new") == 1
    stamp = target.stat().st_mtime_ns

    again = collect(inbox, submitted, CHAPTERS)               # unchanged inbox: nothing happens
    assert [p.action for p in again.placed] == ["unchanged"] and target.stat().st_mtime_ns == stamp

    source.write_text(_lesson(FIRST).replace("퍼셉트론", "퍼셉트론!", 1), encoding="utf-8")  # the student resubmits
    kept = collect(inbox, submitted, CHAPTERS)
    assert [p.action for p in kept.placed] == ["kept"] and target.read_text(encoding="utf-8") == _lesson(FIRST)
    assert "NOT replaced" in kept.summary()

    assert cli.main(["collect", str(inbox), "--to", str(submitted), "--chapters", *CHAPTERS, "--update"]) == 0
    assert "updated" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert (target.parent / f"{FIRST}.ipynb.~1~").read_text(encoding="utf-8") == _lesson(FIRST)
    assert [p.action for p in collect(inbox, submitted, CHAPTERS, update=True).placed] == ["unchanged"]


# --- links are never followed (issue 10, point 8): a hand-in that is a link to the solution, or to another
# student's file, must not be collected

def _solution(tmp_path):
    """A stand-in for solutions/01-perceptron/01-perceptron.ipynb, outside the inbox: a valid notebook."""
    return _put(tmp_path / "solutions" / FIRST / f"{FIRST}.ipynb", _lesson(FIRST))


def _collected(submitted):
    return sorted(p.relative_to(submitted).as_posix() for p in submitted.rglob("*") if p.is_file()) \
        if submitted.exists() else []


def _rejections(report):
    return {u.source: u.reason for u in report.unmatched}


def test_a_symlink_to_a_file_outside_the_inbox_is_not_collected(tmp_path):
    inbox, submitted = tmp_path / "inbox", tmp_path / "submitted"
    solution = _solution(tmp_path)
    (inbox / "kim").mkdir(parents=True)
    (inbox / "kim" / f"{FIRST}.ipynb").symlink_to(solution)
    (inbox / "kim" / "deep").mkdir()
    (inbox / "kim" / "deep" / "perceptron.ipynb").symlink_to(solution)
    lee = _put(inbox / "lee" / f"{FIRST}.ipynb", _lesson(FIRST))          # another student's own file
    (inbox / "choi").mkdir()
    (inbox / "choi" / f"{FIRST}.ipynb").symlink_to(os.path.relpath(lee, inbox / "choi"))
    report = collect(inbox, submitted, CHAPTERS)
    assert _collected(submitted) == [f"lee/{FIRST}/{FIRST}.ipynb"]
    assert set(_placed(report)) == {("lee", FIRST)}
    reasons = _rejections(report)
    for source in (f"kim/{FIRST}.ipynb", "kim/deep/perceptron.ipynb", f"choi/{FIRST}.ipynb"):
        assert "symbolic links are not accepted" in reasons[source] and "심볼릭 링크" in reasons[source]
    assert f"kim/{FIRST}.ipynb" in report.summary() and sorted(report.nothing) == ["choi", "kim"]


def test_a_symlinked_student_folder_or_zip_is_not_followed(tmp_path):
    inbox, submitted = tmp_path / "inbox", tmp_path / "submitted"
    _solution(tmp_path)
    inbox.mkdir()
    (inbox / "kim").symlink_to(tmp_path / "solutions" / FIRST, target_is_directory=True)
    with zipfile.ZipFile(tmp_path / "outside.zip", "w") as archive:
        archive.writestr(f"{FIRST}.ipynb", _lesson(FIRST))
    (inbox / "park.zip").symlink_to(tmp_path / "outside.zip")
    report = collect(inbox, submitted, CHAPTERS)
    assert _collected(submitted) == [] and report.placed == []
    reasons = _rejections(report)
    assert set(reasons) == {"kim", "park.zip"}
    assert all("symbolic links are not accepted" in reason for reason in reasons.values())
    assert {u.student for u in report.unmatched} == {"kim", "park"}


def test_a_symlinked_subfolder_is_not_followed(tmp_path):
    inbox, submitted = tmp_path / "inbox", tmp_path / "submitted"
    _solution(tmp_path)
    (inbox / "kim").mkdir(parents=True)
    (inbox / "kim" / "homework").symlink_to(tmp_path / "solutions" / FIRST, target_is_directory=True)
    report = collect(inbox, submitted, CHAPTERS)
    assert _collected(submitted) == [] and report.placed == []
    assert "symbolic links are not accepted" in _rejections(report)["kim/homework"]


def test_a_hard_link_is_not_collected(tmp_path):
    inbox, submitted = tmp_path / "inbox", tmp_path / "submitted"
    solution = _solution(tmp_path)
    (inbox / "kim" / "sub").mkdir(parents=True)
    os.link(solution, inbox / "kim" / f"{FIRST}.ipynb")
    os.link(solution, inbox / "kim" / "sub" / "perceptron.ipynb")
    with zipfile.ZipFile(tmp_path / "outside.zip", "w") as archive:
        archive.writestr(f"{FIRST}.ipynb", _lesson(FIRST))
    os.link(tmp_path / "outside.zip", inbox / "park.zip")
    os.link(tmp_path / "outside.zip", inbox / "kim" / "more.zip")
    report = collect(inbox, submitted, CHAPTERS)
    assert _collected(submitted) == [] and report.placed == []
    reasons = _rejections(report)
    assert set(reasons) == {f"kim/{FIRST}.ipynb", "kim/sub/perceptron.ipynb", "kim/more.zip", "park.zip"}
    assert all("hard links" in reason and "하드 링크" in reason for reason in reasons.values())


def test_a_symlink_inside_a_zip_is_not_collected(tmp_path):
    inbox, submitted = tmp_path / "inbox", tmp_path / "submitted"
    _solution(tmp_path)
    inbox.mkdir()
    link = zipfile.ZipInfo(f"park/{FIRST}.ipynb")
    link.create_system = 3                                  # Unix: the mode is in the high 16 bits
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(inbox / "park.zip", "w") as archive:
        archive.writestr(link, f"../../solutions/{FIRST}/{FIRST}.ipynb")
    (inbox / "kim").mkdir()
    with zipfile.ZipFile(inbox / "kim" / "kim.zip", "w") as archive:
        archive.writestr(link, f"../../solutions/{FIRST}/{FIRST}.ipynb")
    report = collect(inbox, submitted, CHAPTERS)
    assert _collected(submitted) == [] and report.placed == []
    reasons = _rejections(report)
    assert set(reasons) == {f"park.zip:park/{FIRST}.ipynb", f"kim/kim.zip:park/{FIRST}.ipynb"}
    assert all("symbolic links are not accepted" in reason for reason in reasons.values())


def test_one_report_never_says_both_kept_and_collected_for_one_file(tmp_path):
    """Issue 25 §10: two files for one chapter, the newer differing from what was collected before."""
    inbox, submitted = tmp_path / "inbox", tmp_path / "submitted"
    _put(inbox / "choi" / f"{FIRST}.ipynb", _lesson(FIRST), mtime=1_700_000_000)
    assert collect(inbox, submitted, CHAPTERS).count("new") == 1
    newer = nbformat.reads(_lesson(FIRST), as_version=4)
    newer.cells[0].source += "\n<!-- edited -->"
    _put(inbox / "choi" / f"{FIRST} (1).ipynb", nbformat.writes(newer), mtime=1_700_000_500)
    report = collect(inbox, submitted, CHAPTERS)
    assert [p.action for p in report.placed] == ["kept"]
    text = report.summary()
    assert "NOT replaced" in text and "collected the newer" not in text, text
    assert "was chosen, and it too was NOT collected" in report.unmatched[0].reason
