"""One course folder from a sharded run: ``grading/task-<i>/`` (one per array task or pod, each holding only its
own students) → ``grading/class/``, laid out like a single machine's grading folder, so that formgrader,
``export`` and ``feedback`` work there for the whole class.

Every task wrote the same shared gradebook (``--db``); what each kept on its own disk is copied: the graded
notebooks (``autograded/``, which formgrader shows and the feedback pages are made from), the notebooks as
staged for grading (``submitted/``) and the chapters as registered (``release/``). A student found in two task
folders (an earlier run with another number of shards) is taken from the one graded last. Then the folder gets
its formgrader configuration, and grades.csv, the class report and every feedback page are written from the
gradebook (``cli`` runs ``export`` and ``feedback`` there)."""
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import formgrader


class GatherError(Exception):
    """Why nothing was gathered: one bilingual line."""


@dataclass
class Gathered:
    into: Path
    tasks: list[Path]
    submissions: int = 0
    conflicts: list[str] = field(default_factory=list)   # student/chapter found in several tasks


def task_folders(source: Path, into: Path) -> list[Path]:
    """The grading folders of the tasks below ``source``: those holding graded notebooks (``autograded/``)."""
    into = into.resolve()
    return sorted(p for p in source.iterdir()
                  if p.is_dir() and p.resolve() != into and (p / "autograded").is_dir())


def check(source: Path, into: Path, url: str | None) -> list[Path]:
    """The task folders to gather; GatherError, before anything is written, when they cannot be."""
    if not url:
        raise GatherError("성적부 주소가 없습니다 / no gradebook URL: 작업들이 함께 쓴 성적부를 --db 로 주세요 / give the "
                          "gradebook every task wrote as --db (or set AUTOGRADER_DB_URL)")
    if not source.is_dir():
        raise GatherError(f"{source}: 폴더가 없습니다 / no such folder; task-<i>/ 폴더들이 든 폴더를 주세요 / give the "
                          "folder holding the tasks' task-<i>/ folders")
    tasks = task_folders(source, into)
    if not tasks:
        raise GatherError(f"{source}: 채점한 작업 폴더가 없습니다 / no task folder with autograded/ in it; `grade --out "
                          f"{source}/task-<i>` 가 쓴 폴더의 부모를 주세요 / give the parent of the folders `grade --out` wrote")
    separate = [t.name for t in tasks if (t / "gradebook.db").is_file()]
    if separate:
        raise GatherError(f"작업마다 따로 쓴 SQLite 성적부는 모을 수 없습니다 / tasks graded into their own SQLite gradebooks "
                          f"({', '.join(separate)}) cannot be gathered: 모든 작업에 같은 --db postgresql://… 를 주어 다시 "
                          "채점하세요 / grade again with one --db postgresql://… for every task")
    if into.exists() and not into.is_dir():
        raise GatherError(f"--into {into}: 폴더가 아니라 파일입니다 / is a file, not a folder")
    return tasks


def _newest(tasks: list[Path]) -> dict[tuple[str, str], Path]:
    """(student, chapter) -> the task folder whose graded notebook of it is the newest; conflicts noted."""
    chosen: dict[tuple[str, str], tuple[float, Path]] = {}
    for task in tasks:
        for notebook in (task / "autograded").glob("*/*/*.ipynb"):
            student, chapter = notebook.parent.parent.name, notebook.parent.name
            if notebook.name != f"{chapter}.ipynb":
                continue
            stamp = notebook.stat().st_mtime
            if (student, chapter) not in chosen or stamp > chosen[(student, chapter)][0]:
                chosen[(student, chapter)] = (stamp, task)
    return {key: task for key, (_, task) in chosen.items()}


def _replace_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)


def gather(source: Path, into: Path, url: str) -> Gathered:
    tasks = check(source, into, url)
    into.mkdir(parents=True, exist_ok=True)
    done = Gathered(into, tasks)
    found: dict[tuple[str, str], list[Path]] = {}
    for task in tasks:
        for notebook in (task / "autograded").glob("*/*/*.ipynb"):
            found.setdefault((notebook.parent.parent.name, notebook.parent.name), []).append(task)
    done.conflicts = sorted(f"{s}/{c}" for (s, c), where in found.items() if len(where) > 1)
    for (student, chapter), task in sorted(_newest(tasks).items()):
        for kind in ("autograded", "submitted"):
            folder = task / kind / student / chapter
            if folder.is_dir():
                _replace_tree(folder, into / kind / student / chapter)
        done.submissions += 1
    for task in tasks:   # every task registered the same chapters: the newest copy of each
        for chapter in sorted((task / "release").glob("*/")) if (task / "release").is_dir() else []:
            target = into / "release" / chapter.name
            if not target.exists() or chapter.stat().st_mtime > target.stat().st_mtime:
                _replace_tree(chapter, target)
    formgrader.write_config(into, url)
    return done
