"""The release's manifest: what ``release`` wrote, each file's path and SHA-256, kept in the release itself.

``release --verify`` compares the folder with it: a file that is not in the manifest, or whose bytes
differ from what was recorded, was not written by ``release`` and is reported (its content is read for
secrets as well, like every other file's). ``.git/`` is not part of a release's files.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

NAME = ".course-manifest.json"


def files(folder: Path) -> dict[str, str]:
    """``path → sha256`` of every file under ``folder`` but .git/ and the manifest itself."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel == ".git" or rel.startswith(".git/") or rel == NAME or not path.is_file() or path.is_symlink():
            continue
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def write(folder: Path) -> Path:
    target = Path(folder) / NAME
    target.write_text(json.dumps({"algorithm": "sha256", "files": files(folder)}, indent=1, sort_keys=True) + "\n",
                      encoding="utf-8")
    return target


def recorded(folder: Path) -> dict[str, str] | None:
    """The manifest's ``path → sha256``; None when there is none or it cannot be read."""
    try:
        manifest = json.loads((Path(folder) / NAME).read_text(encoding="utf-8"))
        listed = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(listed, dict) or not all(isinstance(v, str) for v in listed.values()):
        return None
    return listed


def differences(folder: Path) -> dict[str, str] | None:
    """``path → "new" | "changed"`` for the files the manifest does not list or that differ from it;
    None when the folder has no readable manifest."""
    listed = recorded(folder)
    if listed is None:
        return None
    found = {}
    for rel, digest in files(folder).items():
        if rel not in listed:
            found[rel] = "new"
        elif listed[rel] != digest:
            found[rel] = "changed"
    return found
