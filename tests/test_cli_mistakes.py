"""Issue 25 §7: every typo an instructor made on the command line ends in one bilingual line that names the
problem and the fix, exit status 2, and nothing written (the folder's listing is the same before and after)."""
import pytest

from autograder import cli

KNOWN = "known chapters: 01-perceptron, 02-backprop"


def _listing(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.fixture
def work(tmp_path, monkeypatch):
    """A course's working folder: an inbox, a collected class and an earlier grading folder, all real."""
    (tmp_path / "inbox" / "kim").mkdir(parents=True)
    (tmp_path / "submitted" / "kim" / "01-perceptron").mkdir(parents=True)
    (tmp_path / "grading").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


MISTAKES = {
    "grade, a chapter misspelt": (["grade", "submitted", "--out", "grading/new", "--chapters", "01-perceptrn"],
                                  ["unknown chapter '01-perceptrn'", KNOWN, "did you mean 01-perceptron?",
                                   "모르는 장"]),
    "grade, the folder misspelt": (["grade", "submited", "--out", "grading/new"],
                                   ["submited: 폴더가 없습니다 / no such folder",
                                    "<student>/<chapter>/<chapter>.ipynb"]),
    "collect, the inbox misspelt": (["collect", "inbx", "--to", "submitted"],
                                    ["inbx: 폴더가 없습니다 / no such folder", "<student>.zip"]),
    "collect, a chapter misspelt": (["collect", "inbox", "--to", "collected", "--chapters", "01-perceptrn"],
                                    ["unknown chapter '01-perceptrn'", KNOWN]),
    "audit, a chapter misspelt": (["audit", "01-perceptrn"], ["unknown chapter '01-perceptrn'", KNOWN]),
    "export, no such folder": (["export", "--out", "no-such-folder"],
                               ["no-such-folder: 폴더가 없습니다 / no such folder", "--db"]),
    "export, a folder without a gradebook": (["export", "--out", "grading"], ["no gradebook.db", "grade --out"]),
    "feedback, no such folder": (["feedback", "--out", "no-such-folder"],
                                 ["no-such-folder: 폴더가 없습니다 / no such folder", "--db"]),
    "lessons --verify, a chapter misspelt": (["lessons", "01-perceptrn", "--verify"],
                                             ["unknown chapter '01-perceptrn'", KNOWN]),
    "lessons, a chapter misspelt": (["lessons", "01-perceptrn"], ["unknown chapter '01-perceptrn'"]),
    "example-class, a chapter misspelt": (["example-class", "99-nothing"], ["unknown chapter '99-nothing'"]),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_is_one_line_exit_2_and_nothing_written(work, capsys, name):
    argv, expected = MISTAKES[name]
    before = _listing(work)
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("오류 / error: "), captured.err
    for text in expected:
        assert text in lines[0], (text, lines[0])
    assert "Traceback" not in captured.err + captured.out
    assert _listing(work) == before


def test_a_chapter_by_its_number_is_still_accepted(work, capsys):
    from autograder import cli_checks
    assert cli_checks.chapters(["01", "02-backprop"]) == ["01-perceptron", "02-backprop"]
    assert cli_checks.chapters(None) is None


def test_every_option_says_what_it_takes(capsys):
    """--help of every command: each option has a description; the defaults and formats are shown."""
    parser = cli.parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, command in commands.items():
        for action in command._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.option_strings or action.dest} has no help"
    def shown(command):   # the help as one line (argparse wraps it)
        return " ".join(commands[command].format_help().split())
    text = shown("grade")
    assert "01-perceptron 02-backprop" in text and "_build/grading" in text and "default" in text
    assert "01-perceptron 02-backprop" in shown("collect")
    release = shown("release")
    assert "01-perceptron 02-backprop" in release and "01-perceptron,02-backprop" not in release
