"""The ``--expected`` list file: CSV text or an Excel workbook (.xlsx), as rows of cell texts.

Anything else is refused with an :class:`~docxmerge.model.UnreadableError` whose code says what
it is (an old .xls, a Word document, a PDF, binary data): an .xlsx used to be read as text and
gave hundreds of binary "names". The file is untrusted like a form: read bounded, an .xlsx's
zip directory checked before anything is inflated, no DOCTYPE let through to the XML parser.
What the columns mean is decided in :mod:`docxmerge.answers.expected`.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from docxmerge.docx.package import KIB, MIB, Limits, read_file, sniff
from docxmerge.model import UnreadableError

Rows = list[list[str]]

MAX_LIST_BYTES = 32 * MIB  # a list of a few hundred names is a few kilobytes
_MAX_MEMBER_BYTES = 64 * MIB
_MAX_TOTAL_BYTES = 128 * MIB
_MAX_ENTRIES = 1_000
_MAX_ROWS, _MAX_COLUMNS = 100_000, 100
_XLSX_PART = "xl/workbook.xml"
# Characters no CSV a person saved holds; a few stray ones are tolerated.
_BINARY = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


def read_list(path: Path) -> Rows:
    """The rows of the list at ``path``; UnreadableError (code, detail) when it is no list, or
    none is there (``list_not_found``: the open error would say only "cannot be opened")."""
    try:
        is_folder = stat.S_ISDIR(os.stat(path).st_mode)  # (a link to nothing: not found)
    except (FileNotFoundError, NotADirectoryError):
        raise UnreadableError("list_not_found") from None
    except OSError:
        is_folder = False  # not ours to see: read_file says why
    if is_folder:
        raise UnreadableError("list_is_folder")
    data = read_file(path, Limits(max_file_bytes=MAX_LIST_BYTES))
    kind = sniff(data[:8])
    if kind is None:
        return xlsx_rows(data)
    if kind == "ole2":
        _refuse_ole2(data)
    if kind == "empty_file":
        raise UnreadableError("empty_file")
    if kind != "not_word":  # rtf, pdf
        raise UnreadableError("list_not_table", kind.upper())
    return text_rows(decode_text(data))


def _refuse_ole2(data: bytes) -> None:
    """An old Excel workbook (MS-CFB stream "Workbook"/"Book") has a remedy of its own."""
    if any(name.encode("utf-16-le") in data for name in ("Workbook", "Book")):
        raise UnreadableError("list_xls")
    raise UnreadableError("list_not_table", "Word 97-2003")


def decode_text(data: bytes) -> str:
    """UTF-16 with a BOM, UTF-8 (with or without BOM), else cp1252; refused when binary.

    Swedish Excel saves "CSV (semikolonavgränsad)" in Windows-1252, not UTF-8, and "Unicode
    text" as tab-separated UTF-16.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if sum(1 for char in text[:65536] if ord(char) in _BINARY) > 8:
        raise UnreadableError("list_not_table", "binary data")
    return text


def _delimiter(lines: Sequence[str]) -> str:
    """``;`` when any line has one (names never do), else tab, else ``,``.

    Looking at every line, not the first: a header "Namn" or a first row without aliases
    says nothing about the separator.
    """
    if any(";" in line for line in lines):
        return ";"
    if any("\t" in line for line in lines):
        return "\t"
    return ","


def text_rows(text: str) -> Rows:
    """CSV rows: ``;``, tab or ``,`` separated (see :func:`_delimiter`); blank lines dropped."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()][:_MAX_ROWS]
    if not lines:
        return []
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=_delimiter(lines))
    return [row[:_MAX_COLUMNS] for row in reader]


def xlsx_rows(data: bytes) -> Rows:
    """The cell texts of the first worksheet that holds anything (cached values, not formulas)."""
    archive = _checked_zip(data)
    if _XLSX_PART not in archive.namelist():
        detail = "Word" if "word/document.xml" in archive.namelist() else "zip"
        raise UnreadableError("list_not_table", detail)
    import openpyxl  # only for an .xlsx list

    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as exc:  # openpyxl raises anything from KeyError to XML errors
        raise UnreadableError("damaged", f"{type(exc).__name__}: {exc}") from None
    try:
        for sheet in book.worksheets:
            rows = _sheet_rows(sheet.iter_rows(values_only=True))
            if rows:
                return rows
        return []
    finally:
        book.close()


def _sheet_rows(values: Iterable[Sequence[object]]) -> Rows:
    rows: Rows = []
    for row in values:
        rows.append([_cell_text(value) for value in row[:_MAX_COLUMNS]])
        if len(rows) >= _MAX_ROWS:
            break
    while rows and not any(rows[-1]):
        rows.pop()
    return rows if any(any(row) for row in rows) else []


def _cell_text(value: object) -> str:
    """A cell as typed: 8508000 for a whole number stored as 8508000.0, a date as its ISO form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _checked_zip(data: bytes) -> zipfile.ZipFile:
    """The workbook's zip once its directory is within bounds and no part declares a DOCTYPE.

    zipfile stops inflating a member at its declared size, so bounding the declared sizes
    bounds the work (as package.py does for forms).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise UnreadableError("damaged", f"not a complete zip: {exc}") from None
    if len(infos) > _MAX_ENTRIES:
        raise UnreadableError("too_many_entries", f"{len(infos)} entries")
    if sum(info.file_size for info in infos) > _MAX_TOTAL_BYTES:
        raise UnreadableError("zip_bomb", "declared size")
    for info in infos:
        _check_member(archive, info)
    return archive


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise UnreadableError("encrypted", info.filename)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise UnreadableError("unsupported_compression", info.filename)
    if info.file_size > _MAX_MEMBER_BYTES:  # absolute limits only: honest XML compresses well
        raise UnreadableError("zip_bomb", info.filename)
    if info.filename.lower().endswith((".xml", ".rels")):
        try:
            with archive.open(info) as member:
                head = member.read(4 * KIB)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            raise UnreadableError("damaged", f"{info.filename}: {exc}") from None
        if b"<!DOCTYPE" in head.upper().replace(b"\x00", b""):
            raise UnreadableError("unsafe_xml", info.filename)
