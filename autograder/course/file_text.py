"""What a file of a release holds, read out of every format the check can open, never running anything.

``members`` opens containers: zip (and so docx, xlsx, pptx, odt, jar, whl), tar with or without gzip,
bzip2 or xz, and a gzip, bzip2, xz or lzma stream alone. ``texts`` gives the text a person could read
out of one file: text as it is (whatever bytes surround it: a NUL byte no longer hides a file), the
paragraphs of an office document's XML, a PDF's text (pypdf), a ``.pyc``'s constants and names
(compiled_python.py), and the printable runs of any other binary file.
"""
from __future__ import annotations

import bz2
import gzip
import io
import logging
import lzma
import re
import tarfile
import zipfile

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from . import compiled_python

ARCHIVE_LIMIT = 200 * 1024 * 1024   # bytes read from one compressed member
MEMBERS_LIMIT = 20_000              # members read from one archive
PRINTABLE = re.compile(rb"[\t\x20-\x7e\x80-\xff]{6,}")   # runs of text in a binary file (UTF-8 included)
_STREAMS = (  # magic bytes, opener of a compressed stream
    (b"\x1f\x8b", gzip.open),
    (b"BZh", bz2.open),
    (b"\xfd7zXZ\x00", lzma.open),
)


def _read_stream(opener, data: bytes) -> bytes:
    with opener(io.BytesIO(data)) as stream:
        return stream.read(ARCHIVE_LIMIT)


def _tar_members(data: bytes):
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
        found = []
        for member in archive:
            if len(found) >= MEMBERS_LIMIT:
                break
            if member.isfile() and member.size <= ARCHIVE_LIMIT:
                found.append((member.name, archive.extractfile(member).read()))
        return found


def members(name: str, data: bytes) -> list[tuple[str, bytes]] | None:
    """(name, bytes) of the files inside an archive or a compressed stream; None when ``data`` is neither."""
    try:
        if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return [(i.filename, archive.read(i)) for i in archive.infolist()[:MEMBERS_LIMIT]
                        if not i.is_dir() and i.file_size <= ARCHIVE_LIMIT]
        if data[257:262] == b"ustar" or any(data.startswith(magic) for magic, _ in _STREAMS):
            try:
                return _tar_members(data)   # tar, tar.gz, tar.bz2, tar.xz
            except tarfile.TarError:
                pass
        for magic, opener in _STREAMS:
            if data.startswith(magic):
                return [("(" + opener.__module__ + ")", _read_stream(opener, data))]
        if name.lower().endswith(".lzma"):   # the old lzma format has no magic bytes
            return [("(lzma)", _read_stream(lambda f: lzma.open(f, format=lzma.FORMAT_ALONE), data))]
    except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError, lzma.LZMAError, ValueError,
            NotImplementedError, RuntimeError):   # RuntimeError: an encrypted zip member
        return None
    return None


def _xml_paragraphs(data: bytes) -> str | None:
    """An office document's XML part as lines: a paragraph (w:p, a:p, text:p), heading, table cell or
    shared string is one line, with its runs joined (a document splits a line into many runs)."""
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return None
    out: list[str] = []

    def walk(element) -> None:
        local = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if local == "tab":
            out.append("\t")
        elif local in ("br", "line-break", "cr"):
            out.append("\n")
        elif local == "s":   # OpenDocument's run of spaces
            count = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "c"), "1")
            out.append(" " * (int(count) if str(count).isdigit() else 1))
        if element.text:
            out.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if local in ("p", "h", "si", "c", "row", "tr", "list-item"):
            out.append("\n")

    walk(root)
    return "".join(out)


def _pdf_text(data: bytes) -> str | None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    logging.getLogger("pypdf").setLevel(logging.ERROR)   # a damaged PDF is searched as bytes, quietly
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        return "\n".join(pages + [str(v) for v in info.values()])
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, ZeroDivisionError, AssertionError):
        return None


def printable(data: bytes) -> str:
    """The runs of printable bytes of a binary file, one per line (what ``strings`` shows)."""
    return "\n".join(run.decode("utf-8", errors="replace") for run in PRINTABLE.findall(data))


def texts(name: str, data: bytes) -> list[str]:
    """Every text a reader could get out of one file (not of its members: see ``members``)."""
    found = []
    lower = name.lower()
    code = compiled_python.load(data) if lower.endswith(".pyc") or data[:4] == compiled_python.MAGIC else None
    if code is not None:
        found.append(compiled_python.text(code))
    if data[:5] == b"%PDF-" or lower.endswith(".pdf"):
        extracted = _pdf_text(data)
        if extracted:
            found.append(extracted)
    if lower.endswith(".xml") or lower.endswith(".rels") or data[:5] == b"<?xml":
        paragraphs = _xml_paragraphs(data)
        if paragraphs:
            found.append(paragraphs)
    binary = b"\x00" in data[:8192]
    found.append(printable(data) if binary else data.decode("utf-8", errors="replace"))
    return found
