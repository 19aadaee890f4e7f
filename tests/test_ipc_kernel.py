"""Audit and book kernels talk over Unix sockets: no TCP port to race for on a busy machine."""
import glob
import tempfile
from pathlib import Path

import nbformat

from autograder.execute import run_notebook


def test_notebooks_run_over_ipc_and_leave_no_socket_folder(tmp_path):
    before = set(glob.glob(str(Path(tempfile.gettempdir()) / "agi-*")))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import json, ipykernel.connect\n"
        "print(json.load(open(ipykernel.connect.get_connection_file()))['transport'])")])
    ran, errors = run_notebook(nb, tmp_path)
    assert not errors
    assert ran.cells[0].outputs[0]["text"].strip() == "ipc"
    assert set(glob.glob(str(Path(tempfile.gettempdir()) / "agi-*"))) <= before
