"""What the command line checks before a command writes anything: the chapters named, the folders given, the
gradebook to read. A mistake raises ``UsageError`` with one bilingual line that names the problem and the fix;
``cli.main`` prints it and exits with status 2, so a typo never leaves a half-made folder or a traceback."""
import difflib
from pathlib import Path

from . import paths


class UsageError(Exception):
    """A mistake on the command line: the message is one line, Korean / English."""


def chapters(named: list[str] | None) -> list[str] | None:
    """The chapters named (``01-perceptron`` or its number ``01``) in course order; None when none were named."""
    if not named:
        return None
    known = paths.chapters()
    chosen = set()
    for name in (part.strip() for item in named for part in str(item).split(",")):
        if not name:
            continue
        match = [c for c in known if c == name or c.split("-", 1)[0] == name]
        if not match:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; {close[0]} 인가요? / did you mean {close[0]}?" if close else ""
            raise UsageError(f"모르는 장 {name} / unknown chapter {name!r}: 알려진 장 / known chapters: "
                             f"{', '.join(known)}{hint}")
        chosen.add(match[0])
    return [c for c in known if c in chosen]


def existing_folder(path: str | Path, ko: str, en: str) -> Path:
    """``path`` when it is a folder; else a UsageError naming it (``ko``/``en``: what the folder should hold)."""
    folder = Path(path)
    if folder.is_dir():
        return folder
    problem = "폴더가 아니라 파일입니다 / is a file, not a folder" if folder.exists() else "폴더가 없습니다 / no such folder"
    raise UsageError(f"{folder}: {problem}; {ko} 폴더를 주세요 / give the folder holding {en}")


def gradebook_folder(out: str | Path, db: str | None) -> Path:
    """A grading folder to read: with ``--db`` any folder (created when written to), else one holding the
    ``gradebook.db`` that ``grade`` wrote there."""
    out = Path(out)
    if db:
        if out.exists() and not out.is_dir():
            raise UsageError(f"{out}: 폴더가 아니라 파일입니다 / is a file, not a folder; --out 에 폴더를 주세요 / "
                             "give a folder as --out")
        return out
    if not (out / "gradebook.db").is_file():
        where = "폴더가 없습니다 / no such folder" if not out.is_dir() else "gradebook.db 가 없습니다 / no gradebook.db"
        raise UsageError(f"{out}: {where}; `grade … --out` 에 준 채점 폴더를 --out 으로 주거나 성적부 주소를 --db 로 "
                         f"주세요 / give as --out the folder `grade --out` wrote, or the gradebook's URL as --db")
    return out
