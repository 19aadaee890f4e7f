"""Run a notebook in a fresh kernel and report which cells raised."""
import os
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .ipc_kernel import IPCKernelManager


@dataclass
class CellError:
    index: int
    ename: str
    evalue: str


def run_notebook(nb, cwd: Path, cell_timeout: int = 180,
                 env: dict[str, str] | None = None) -> tuple[object, dict[int, CellError]]:
    """Execute ``nb`` (a copy is made) with errors allowed; return it and the errors by cell index.
    ``env``: variables set for the kernel on top of this process's environment."""
    nb = nbformat.from_dict(nbformat.v4.upgrade(nb) if nb.get("nbformat", 4) < 4 else nb)
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)
    client = NotebookClient(nb, timeout=cell_timeout, kernel_name="python3", allow_errors=True,
                            kernel_manager_class=IPCKernelManager, resources={"metadata": {"path": str(cwd)}})
    client.execute(**({"env": {**os.environ, **env}} if env else {}))
    errors = {}
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "error":
                errors[index] = CellError(index, output.get("ename", ""), output.get("evalue", ""))
                break
    return nb, errors
