"""`release --verify` from the release's manifest: each secret the issue names, planted in a copy of a
release of chapters 01 and 02, is caught; a clean release verifies clean; every format the check opens is read.

The release is the one tests/test_release.py reads (conftest's students_release, built once through the CLI);
each case copies it and plants one thing of chapter 01.
The format tests call ``check_file`` on one file with the same secrets, without walking a release.
"""
import ast
import bz2
import gzip
import html
import io
import json
import lzma
import py_compile
import shutil
import subprocess
import sys
import tarfile
import zipfile
import zlib

import nbformat
import numpy as np
import pytest

from autograder import cells, paths
from autograder.course import compiled_python, leaks, release, release_manifest
from conftest import RELEASE_CHOSEN

pytestmark = pytest.mark.xdist_group("release")
CHAPTER = "01-perceptron"
RELEASED = RELEASE_CHOSEN


@pytest.fixture(scope="module")
def released(students_release):
    return students_release


@pytest.fixture(scope="module")
def secrets():
    return release.Secrets.of(RELEASED)


def _solution():
    return nbformat.read(paths.solution_notebook(CHAPTER), as_version=4)


def _solution_line() -> str:
    """The longest line of chapter 01's reference answers that the release does not show."""
    lines = leaks.secret_lines(CHAPTER, ("solution",), leaks.public_lines(RELEASED))
    return sorted(lines, key=lambda line: (-len(line), line))[0]


def _hidden_source() -> str:
    return "\n\n".join(cells.split_hidden(c.source)[1] for c in _solution().cells
                       if c.cell_type == "code" and cells.BEGIN_HIDDEN in c.source)


def _hidden_numbers() -> list[float]:
    """Every number written in chapter 01's hidden tests that is not a whole number."""
    found = []
    for node in ast.walk(ast.parse(_hidden_source())):
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            value = node.operand.value
            found.append(-value if isinstance(value, float) else None)
        elif isinstance(node, ast.Constant) and isinstance(node.value, float):
            found.append(node.value)
    return sorted({v for v in found if v is not None and not float(v).is_integer()})


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` (Helvetica, a compressed content stream): no library writes it."""
    def escape(text):
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = "BT /F1 9 Tf 11 TL 40 800 Td " + " ".join(f"({escape(line)}) Tj T*" for line in lines) + " ET"
    stream = zlib.compress(content.encode("latin-1"))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _pyc(source: str, work) -> bytes:
    """``source`` compiled as a module's ``.pyc`` (by py_compile, as an import writes __pycache__/)."""
    module = work / "helpers.py"
    module.write_text(source, encoding="utf-8")
    py_compile.compile(str(module), cfile=str(work / "helpers.pyc"), doraise=True)
    return (work / "helpers.pyc").read_bytes()


def _tar(mode: str, members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _answers_as_python() -> bytes:
    """Chapter 01's reference answers as a Python file (not a copy of any file of the instructor)."""
    sources = [c.source for c in _solution().cells if c.cell_type == "code" and cells.is_solution(c)]
    return ("# answers\n" + "\n\n".join(sources) + "\n").encode("utf-8")


# -------------------------------------------------------------------- each planted secret, in a whole release

def _plant_pyc_of_answers(copy, tmp_path):
    cell = next(c for c in _solution().cells if cells.is_solution(c)
                and compiled_python.compiled_fingerprints(c.source))
    data = _pyc(cell.source, tmp_path)
    (copy / "lessons" / CHAPTER / "__pycache__").mkdir()
    (copy / "lessons" / CHAPTER / "__pycache__" / "helpers.cpython-311.pyc").write_bytes(data)
    return f"lessons/{CHAPTER}/__pycache__/helpers.cpython-311.pyc", "compiled function of 01-perceptron's reference"


def _plant_pyc_of_hidden_tests(copy, tmp_path):
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "checks.cpython-311.pyc").write_bytes(_pyc(_hidden_source(), tmp_path))
    return "__pycache__/checks.cpython-311.pyc", "01-perceptron's hidden tests"


def _plant_pdf_answer_key(copy, tmp_path):
    lines = [line for line in _answers_as_python().decode().split("\n") if line.isascii()]
    (copy / "docs" / "answer-key.pdf").write_bytes(_pdf(["Answer key, week 1"] + lines))
    return "docs/answer-key.pdf", "01-perceptron's reference solution"


def _plant_tar_xz(copy, tmp_path):
    (copy / "solutions.tar.xz").write_bytes(_tar("w:xz", {"week1/answers.py": _answers_as_python()}))
    return "solutions.tar.xz!week1/answers.py", "01-perceptron's reference solution"


def _plant_tar_bz2(copy, tmp_path):
    (copy / "solutions.tar.bz2").write_bytes(_tar("w:bz2", {"week1/answers.py": _answers_as_python()}))
    return "solutions.tar.bz2!week1/answers.py", "01-perceptron's reference solution"


def _plant_csv_of_expected_values(copy, tmp_path):
    rows = "".join(f"case{i},{value!r}\n" for i, value in enumerate(_hidden_numbers()))
    (copy / "docs" / "_static" / "expected.csv").write_text("case,expected\n" + rows)
    return "docs/_static/expected.csv", "value(s) of 01-perceptron's hidden tests"


def _plant_nul_byte(copy, tmp_path):
    data = b"\x89DAT\x00\x01\x02\x00" + _solution_line().encode() + b"\n\x00\xff\xfe" + bytes(range(256)) * 8
    (copy / "docs" / "_static" / "cache.dat").write_bytes(data)
    return "docs/_static/cache.dat", "01-perceptron's reference solution"


def _plant_file_not_in_manifest(copy, tmp_path):
    (copy / "docs" / "notes.txt").write_text("Office hours: Tuesday 3 pm.\n")
    return "docs/notes.txt", "a file the manifest does not list"


def _plant_changed_file(copy, tmp_path):
    with (copy / "README.md").open("a", encoding="utf-8") as readme:
        readme.write("\nOffice hours: Tuesday 3 pm.\n")
    return "README.md", "differs from what the manifest records"


def _plant_no_manifest(copy, tmp_path):
    (copy / release_manifest.NAME).unlink()
    return release_manifest.NAME, "no readable manifest"


PLANTS = {name.removeprefix("_plant_"): plant for name, plant in globals().items() if name.startswith("_plant_")}


@pytest.mark.parametrize("case", PLANTS)
def test_verify_catches_the_planted_secret(case, released, secrets, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(released, copy, symlinks=True)
    work = tmp_path / "work"
    work.mkdir()
    rel, why = PLANTS[case](copy, work)
    findings = release.verify(copy, RELEASED, secrets)
    reasons = [f.en for f in findings if f.path == rel]
    assert any(why in reason for reason in reasons), (rel, why, [(f.path, f.en) for f in findings])
    added = rel.split("!")[0]
    if case not in ("changed_file", "no_manifest"):   # a file release did not write is named as such too
        assert any(f.path == added and "manifest does not list" in f.en for f in findings)
    others = {f.path for f in findings if f.path.split("!")[0] != added}
    assert others == set(), others


def test_a_clean_release_verifies_clean_and_its_manifest_lists_every_file(released):
    listed = release_manifest.recorded(released)
    assert listed == release_manifest.files(released) and f"lessons/{CHAPTER}/{CHAPTER}.ipynb" in listed
    assert all(not rel.startswith(".git/") for rel in listed)
    done = subprocess.run([sys.executable, "-m", "autograder", "release", "--verify", str(released),
                           "--chapters", ",".join(RELEASED)], cwd=paths.REPO, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0 and "비밀 없음 / no secret found" in done.stdout, done.stdout + done.stderr
    tracked = subprocess.run(["git", "-C", str(released), "ls-files"], capture_output=True, text=True).stdout
    assert release_manifest.NAME in tracked.split("\n")   # the students' repository carries it


# -------------------------------------------------------------------- every format, one file at a time

def _reasons(rel: str, data: bytes, secrets) -> list[str]:
    return [f.en for f in release.check_file(rel, data, secrets)]


def _docx(paragraph_runs: list[str]) -> bytes:
    runs = "".join(f'<w:r><w:t xml:space="preserve">{run}</w:t></w:r>' for run in paragraph_runs)
    document = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                f'wordprocessingml/2006/main"><w:body><w:p>{runs}</w:p></w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def _odt(line: str) -> bytes:
    head, _, tail = line.partition(" ")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               f'<text:p><text:span>{head}</text:span><text:s/>{tail}</text:p></office:text></office:body>'
               '</office:document-content>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def _xlsx(strings: list[str]) -> bytes:
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    shared = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              f"{items}</sst>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", shared)
    return buffer.getvalue()


def _npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_every_format_is_read(secrets):
    line = _solution_line()
    text = f"{line}\n".encode()
    solution = "01-perceptron's reference solution"
    values = np.array(_hidden_numbers())
    hidden_values = "value(s) of 01-perceptron's hidden tests"
    messages = sorted(s for s, (chapter, kind) in secrets.values.strings.items()
                      if chapter == CHAPTER and kind == "hidden")
    cases = {
        "notes.txt.gz": (gzip.compress(text), solution),
        "notes.bz2": (bz2.compress(text), solution),
        "notes.xz": (lzma.compress(text), solution),
        "notes.lzma": (lzma.compress(text, format=lzma.FORMAT_ALONE), solution),
        "bundle.tar.gz": (_tar("w:gz", {"a/b.txt": text}), solution),
        "bundle.tar": (_tar("w", {"a/b.txt": text}), solution),
        "bundle.zip": (_zip({"a.txt": text}), solution),
        "nested.zip": (_zip({"inner.tar.xz": _tar("w:xz", {"x.py": text})}), solution),
        "key.docx": (_docx([html.escape(line[:7]), html.escape(line[7:])]), solution),
        "key.odt": (_odt(html.escape(line)), solution),
        "key.xlsx": (_xlsx([html.escape(line)]), solution),
        "key.pdf": (_pdf(["Answers:", line]), solution),
        "inside.txt": (f"see: {line}  # from the key\n".encode(), solution),
        "expected.json": (json.dumps({"expected": values.tolist()}).encode(), hidden_values),
        "expected.npy": (_npy(values), hidden_values),
        "expected32.npy": (_npy(values.astype(np.float32)), hidden_values),
        "expected.npz": (_npz(a=values[:2], b=values[2:]), hidden_values),
        "messages.csv": ("\n".join(messages[:5]).encode(), hidden_values),
    }
    assert len(values) >= 3 and len(messages) >= 3
    for name, (data, why) in cases.items():
        assert any(why in reason for reason in _reasons(name, data, secrets)), (name, _reasons(name, data, secrets))


def test_ordinary_data_and_text_are_not_taken_for_secrets(secrets):
    rng = np.random.default_rng(0)
    noise = rng.normal(size=20_000)
    assert _reasons("train.npy", _npy(noise), secrets) == []
    assert _reasons("train.csv", "\n".join(f"{v},{w}" for v, w in rng.normal(size=(500, 2))).encode(), secrets) == []
    assert _reasons("sizes.json", json.dumps({"n": [1, 2, 3, 50, 100], "lr": 0.1}).encode(), secrets) == []
    # a short secret line counts only as a whole line (``mistakes = 0`` inside a printed sentence is no leak)
    short = sorted((k for k, (c, kind) in secrets.lines.items() if kind == "solution" and len(k) < 20), key=len)[0]
    assert _reasons("page.txt", f"the last {short} here\n".encode(), secrets) == []
    assert any("reference solution" in r for r in _reasons("page.txt", f"  {short}\n".encode(), secrets))
