"""The README stays short and true: its chapter table names every chapter by its notebook's own title, every
link points at a file of the repository, and every command of its tables exists (a make target, a script, a
subcommand of the CLI)."""
import re
import shlex

import nbformat

from autograder import cli, paths

README = (paths.REPO / "README.md").read_text(encoding="utf-8")


def _title(chapter):
    first = nbformat.read(paths.solution_notebook(chapter), as_version=4).cells[0].source
    return re.match(r"# (\d\d) · (.+)", first.strip()).groups()


def test_readme_is_read_in_five_minutes():
    assert len(README.splitlines()) <= 150


def test_readme_chapter_table_matches_the_notebook_titles():
    rows = re.findall(r"^\| (\d\d) \| (.+?) \|$", README, flags=re.M)
    assert rows == [_title(chapter) for chapter in paths.chapters()]


def test_every_link_points_at_a_file():
    targets = re.findall(r"\]\(([^)#:]+)\)", README)
    assert targets and [t for t in targets if not (paths.REPO / t).exists()] == []


def _commands():
    """The code spans of the README's tables: `make …`, `autograder …`, scripts run with Python."""
    for row in re.findall(r"^\|.*\|$", README, flags=re.M):
        yield from re.findall(r"`([^`]+)`", row)


def test_every_command_in_the_tables_exists():
    makefile = (paths.REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.M))
    subcommands = set(cli.parser()._subparsers._group_actions[0].choices)
    checked = 0
    for text in _commands():
        for command in re.split(r"&&|;", text):
            words = shlex.split(command.replace("time ", ""))
            if not words:
                continue
            if words[0] == "make":
                named = [w for w in words[1:] if not w.startswith("-") and w not in ("/tmp/c",)]
                assert set(named) <= targets, command
                checked += 1
            elif words[0] == "autograder" or words[:3] == [".venv/bin/python", "-m", "autograder"]:
                rest = words[1:] if words[0] == "autograder" else words[3:]
                assert rest[0] in subcommands, command
                checked += 1
            elif words[0] == ".venv/bin/python" and words[1].endswith(".py"):
                assert (paths.REPO / words[1]).is_file(), command
                checked += 1
    assert checked >= 10


def test_measurements_are_filled_in():
    table = README.split("<!-- measurements:start -->")[1].split("<!-- measurements:end -->")[0]
    rows = [r for r in table.strip().splitlines()[2:]]
    figures = [r.split("|")[2].strip() for r in rows]
    assert rows and all("MEASURE" not in r for r in rows)
    assert not [f for f in figures if re.fullmatch(r"[A-Z_]+", f)], figures
