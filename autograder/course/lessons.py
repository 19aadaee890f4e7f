"""Generate student lessons from solutions/ with nbgrader, and check that lessons/ is current."""
import json
import shutil
import tempfile
from pathlib import Path

from nbgrader.apps import NbGraderAPI

from .. import paths
from ..nbgrader_config import course_config


class GenerationError(RuntimeError):
    pass


def _generate_into(release: Path, work: Path, chapters: list[str]) -> None:
    api = NbGraderAPI(config=course_config(work, release=release, db_path=work / "gradebook.db",
                                           source=paths.SOLUTIONS))
    for chapter in chapters:
        result = api.generate_assignment(chapter, force=True, create=True)
        if not result["success"]:
            raise GenerationError(f"{chapter}: nbgrader generate_assignment failed\n{result.get('error') or result.get('log')}")


def _normalise(path: Path) -> str:
    return json.dumps(json.loads(path.read_text(encoding="utf-8")), sort_keys=True, ensure_ascii=False)


def generate(chapters: list[str] | None = None) -> list[Path]:
    """Regenerate lessons/ for the given chapters (all by default). Returns the lesson notebooks."""
    chapters = chapters or paths.chapters()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _generate_into(tmp / "lessons", tmp, chapters)
        for chapter in chapters:
            target = paths.LESSONS / chapter
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(tmp / "lessons" / chapter, target)
    return [paths.lesson_notebook(c) for c in chapters]


def stale_files() -> list[str]:
    """Files of lessons/ that differ from what generation would produce now ([] when current)."""
    chapters = paths.chapters()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        _generate_into(tmp / "lessons", tmp, chapters)
        fresh = {p.relative_to(tmp / "lessons") for p in (tmp / "lessons").rglob("*") if p.is_file()}
        committed = {p.relative_to(paths.LESSONS) for p in paths.LESSONS.rglob("*")
                     if p.is_file() and ".ipynb_checkpoints" not in p.parts}
        stale = sorted(str(p) for p in fresh ^ committed)
        for rel in sorted(fresh & committed):
            a, b = tmp / "lessons" / rel, paths.LESSONS / rel
            same = (_normalise(a) == _normalise(b)) if rel.suffix == ".ipynb" else a.read_bytes() == b.read_bytes()
            if not same:
                stale.append(str(rel))
    return stale
