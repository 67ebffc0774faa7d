"""Builders of hostile and broken input files, made by code at test time (nothing large is
committed). Every builder returns bytes or writes a file under a folder the test owns.

The raw zip writer (``write_zip``) lets a test forge what zipfile never would: sizes that lie,
duplicate names, encrypted flags, names with ``../``. Zip bombs are built by streaming zlib
compression of zeros, so no builder ever holds the inflated data.
"""

from __future__ import annotations

import bz2
import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from wordxml import W, make_docx, p, placeholder_paragraph, sdt_block

MIB = 1024 * 1024

SECRET = "HEMLIG-7f3a9c-NEVER-IN-OUTPUT"
"""A string placed only outside the inbox; no output may ever contain it."""

CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def document_xml(body: str) -> bytes:
    """A w:document around the inner XML of w:body."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def small_form() -> bytes:
    """A legitimate small form: one question and one answer control."""
    body = p("1. Beskriv verksamheten") + sdt_block(p("Vi driver tre skolor."), tag="q1")
    return make_docx(body + placeholder_paragraph())


def replace_members(package: bytes, replacements: dict[str, bytes]) -> bytes:
    """Copy a zip, swapping the bytes of the named members (added when missing)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = replacements.get(info.filename)
            target.writestr(info.filename, source.read(info) if data is None else data)
        for name, data in replacements.items():
            if name not in source.namelist():
                target.writestr(name, data)
    return out.getvalue()


def docx_with_document(document: bytes) -> bytes:
    """A complete Word package whose word/document.xml is ``document``."""
    return replace_members(small_form(), {"word/document.xml": document})


# --------------------------------------------------------------------------- raw zip writer


@dataclass
class RawEntry:
    """One zip member exactly as written; the sizes and CRC may lie."""

    name: bytes
    payload: bytes  # the stored bytes (already compressed for method 8)
    method: int = zipfile.ZIP_STORED
    crc: int = 0
    compress_size: int | None = None  # default: len(payload)
    file_size: int | None = None  # default: len(payload)
    flags: int = 0x800  # UTF-8 names

    @classmethod
    def stored(cls, name: str, data: bytes) -> RawEntry:
        return cls(name.encode(), data, crc=zlib.crc32(data))

    @classmethod
    def deflated(cls, name: str, data: bytes) -> RawEntry:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        payload = compressor.compress(data) + compressor.flush()
        return cls(name.encode(), payload, zipfile.ZIP_DEFLATED, zlib.crc32(data), None, len(data))


def write_zip(entries: list[RawEntry]) -> bytes:
    """A zip file with local headers, data and a central directory, forged as told."""
    out = io.BytesIO()
    directory = io.BytesIO()
    for entry in entries:
        offset = out.tell()
        compress_size = len(entry.payload) if entry.compress_size is None else entry.compress_size
        file_size = len(entry.payload) if entry.file_size is None else entry.file_size
        sizes = (entry.crc, compress_size, file_size)
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                entry.flags,
                entry.method,
                0,
                0x21,
                *sizes,
                len(entry.name),
                0,
            )
        )
        out.write(entry.name)
        out.write(entry.payload)
        directory.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                entry.flags,
                entry.method,
                0,
                0x21,
                *sizes,
                len(entry.name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        directory.write(entry.name)
    start = out.tell()
    out.write(directory.getvalue())
    count = len(entries)
    out.write(
        struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory.getvalue()), start, 0
        )
    )
    return out.getvalue()


def docx_entries(document: bytes) -> list[RawEntry]:
    """The three members of a minimal Word package, deflated."""
    return [
        RawEntry.deflated("[Content_Types].xml", CONTENT_TYPES_DOCX.encode()),
        RawEntry.deflated("_rels/.rels", PACKAGE_RELS.encode()),
        RawEntry.deflated("word/document.xml", document),
    ]


# --------------------------------------------------------------------------- zip bombs


def deflate_zeros(total: int) -> tuple[bytes, int]:
    """Raw deflate of ``total`` zero bytes, streamed 1 MiB at a time; returns (data, crc)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(MIB)
    pieces: list[bytes] = []
    crc = 0
    for _ in range(total // MIB):
        pieces.append(compressor.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    pieces.append(compressor.flush())
    return b"".join(pieces), crc


def bomb_past_ratio(inflated: int = 200 * MIB) -> bytes:
    """document.xml declares its true size honestly: a compression ratio near 1000."""
    payload, crc = deflate_zeros(inflated)
    entries = docx_entries(b"")[:2]
    entries.append(
        RawEntry(b"word/document.xml", payload, zipfile.ZIP_DEFLATED, crc, None, inflated)
    )
    return write_zip(entries)


def bomb_lying_size(inflated: int = 256 * MIB, declared: int = 18 * 1024) -> bytes:
    """document.xml declares ``declared`` bytes (in both headers) but inflates to ``inflated``."""
    payload, crc = deflate_zeros(inflated)
    entries = docx_entries(b"")[:2]
    entries.append(
        RawEntry(b"word/document.xml", payload, zipfile.ZIP_DEFLATED, crc, None, declared)
    )
    return write_zip(entries)


def bzip2_bomb(inflated: int = 200 * MIB, declared: int | None = None) -> bytes:
    """document.xml as a bzip2 member of ``inflated`` zero bytes (a few hundred bytes stored),
    declaring its true size, or ``declared`` bytes when given (a lying size)."""
    compressor = bz2.BZ2Compressor(9)
    chunk = bytes(MIB)
    payload = b"".join(compressor.compress(chunk) for _ in range(inflated // MIB))
    payload += compressor.flush()
    crc = 0
    for _ in range(inflated // MIB):
        crc = zlib.crc32(chunk, crc)
    size = inflated if declared is None else declared
    entries = docx_entries(b"")[:2]
    entries.append(RawEntry(b"word/document.xml", payload, zipfile.ZIP_BZIP2, crc, None, size))
    return write_zip(entries)


# --------------------------------------------------------------------------- honest, extreme ratio


def whitespace_form(spaces: int = 5 * MIB) -> bytes:
    """A form whose document.xml holds ``spaces`` bytes of indentation between its paragraphs
    (as an XML pretty-printer leaves it): deflates about 1000:1, and is an honest file."""
    body = p("1. Beskriv verksamheten") + sdt_block(p("Vi driver tre skolor."), tag="q1")
    padding = "\n" + " " * (spaces - 1)
    return docx_with_document(document_xml(padding + body + padding))


def repetitive_answer_form(size: int = MIB) -> tuple[bytes, str]:
    """A form whose one answer paragraph is ``size`` bytes of one repeated sentence (a pasted
    log): deflates about 300:1, and is an honest file. Returns (file, answer text)."""
    sentence = "Inga avvikelser. "
    text = (sentence * (size // len(sentence) + 1))[:size].strip()
    body = p("1. Beskriv verksamheten") + sdt_block(p(text), tag="q1")
    return docx_with_document(document_xml(body)), text


# --------------------------------------------------------------------------- hostile XML


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()


def external_entity(target: str) -> bytes:
    """document.xml whose only text is an external entity pointing at ``target``."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "{target}">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()


def rels_with_doctype() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE Relationships [<!ENTITY t "word/document.xml">]>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="&t;"/></Relationships>'
    )


def deep_nesting(depth: int = 100_000) -> bytes:
    return document_xml("<w:sdt><w:sdtContent>" * depth + "</w:sdtContent></w:sdt>" * depth)


def varied_text(size: int, seed: int = 5) -> str:
    """``size`` characters of words and numbers that compress like real text."""
    words = ["skola", "omsorg", "nämnd", "budget", "barn", "äldre", "kultur", "park"]
    rnd = random.Random(seed)
    pieces: list[str] = []
    produced = 0
    while produced < size:
        piece = f"{rnd.choice(words)}{rnd.randrange(100_000)} "
        pieces.append(piece)
        produced += len(piece)
    return "".join(pieces)[:size]


def long_text_node(text: str) -> bytes:
    return document_xml(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")


def write_large_docx(path: Path, size: int, seed: int = 5) -> tuple[int, str]:
    """Write a form whose document.xml holds ``size`` bytes of varied paragraphs, streamed
    into the zip a megabyte at a time; return (paragraph count, last paragraph's text)."""
    words = ["skola", "omsorg", "nämnd", "förvaltning", "budget", "barn", "äldre", "park"]
    rnd = random.Random(seed)
    head, tail = document_xml("|").split(b"|")
    count, text = 0, ""
    with (
        zipfile.ZipFile(io.BytesIO(small_form())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
        with target.open("word/document.xml", "w") as member:
            member.write(head)
            produced = 0
            while produced < size:
                batch: list[str] = []
                for _ in range(2000):
                    text = " ".join(
                        f"{rnd.choice(words)}{rnd.randrange(10_000)}" for _ in range(30)
                    )
                    batch.append(f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')
                encoded = "".join(batch).encode()
                member.write(encoded)
                produced += len(encoded)
                count += len(batch)
            member.write(tail)
    return count, text


def large_document(size: int, seed: int = 5) -> bytes:
    """A legitimate document.xml of about ``size`` bytes: paragraphs of varied words, so it
    compresses like real text (ratio ~4), not like a bomb."""
    words = [
        "skola",
        "omsorg",
        "nämnd",
        "förvaltning",
        "budget",
        "barn",
        "äldre",
        "kultur",
        "park",
        "trafik",
    ]
    rnd = random.Random(seed)
    paragraphs: list[str] = []
    produced = 0
    while produced < size:
        text = " ".join(f"{rnd.choice(words)}{rnd.randrange(10_000)}" for _ in range(30))
        paragraph = f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        paragraphs.append(paragraph)
        produced += len(paragraph.encode())
    return document_xml("".join(paragraphs))


# --------------------------------------------------------------------------- other formats

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole2(stream_names: list[str]) -> bytes:
    """A compound file (MS-CFB) header and one directory sector naming the given streams."""
    header = bytearray(512)
    header[:8] = OLE2_SIGNATURE
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major, byte order, shift
    struct.pack_into("<L", header, 48, 0)  # first directory sector
    directory = bytearray(512)
    for index, name in enumerate(["Root Entry", *stream_names][:4]):
        encoded = (name + "\0").encode("utf-16-le")
        struct.pack_into(f"<{len(encoded)}sH", directory, index * 128, encoded, len(encoded))
    return bytes(header + directory)


def ole2_doc() -> bytes:
    return _ole2(["WordDocument", "1Table", "\x05SummaryInformation"])


def ole2_encrypted() -> bytes:
    return _ole2(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])


def xlsx() -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        'main+xml"/></Types>'
    )
    rels = PACKAGE_RELS.replace("word/document.xml", "xl/workbook.xml")
    workbook = (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheets/></workbook>"
    )
    return write_zip(
        [
            RawEntry.deflated("[Content_Types].xml", content_types.encode()),
            RawEntry.deflated("_rels/.rels", rels.encode()),
            RawEntry.deflated("xl/workbook.xml", workbook.encode()),
        ]
    )


def odt() -> bytes:
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:text><text:p>Hej</text:p></office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return write_zip(
        [
            RawEntry.stored("mimetype", b"application/vnd.oasis.opendocument.text"),
            RawEntry.deflated("content.xml", content.encode()),
            RawEntry.deflated("META-INF/manifest.xml", manifest.encode()),
        ]
    )


def rtf() -> bytes:
    return b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\\fs22 Hej v\\'e4rlden\\par}"


def pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def random_bytes(size: int = 4096, seed: int = 5) -> bytes:
    data = random.Random(seed).randbytes(size)
    return b"\x00" + data[1:]  # never a PK, OLE2, RTF or PDF signature by chance


def truncated(package: bytes, keep: float = 0.6) -> bytes:
    return package[: int(len(package) * keep)]


def word_lock_file(user: str = "Anna Andersson") -> bytes:
    """What Word writes as ~$name.docx while a file is open: a length byte and the user name."""
    name = user.encode("cp1252")
    return (bytes([len(name)]) + name).ljust(54, b" ") + user.encode("utf-16-le").ljust(108, b"\0")


def libreoffice_lock_file(user: str = "clerk") -> bytes:
    """What LibreOffice writes as .~lock.NAME# while NAME is open: one line "name,host/user,
    user,date,LibreOffice user profile;" (the name empty when the profile has none)."""
    profile = "file:///C:/Users/clerk/AppData/Roaming/LibreOffice/4;"
    return f",{user},pc01/{user},03.12.2026 14:05,{profile}".encode()


# --------------------------------------------------------------------------- odd zips


def duplicate_entries() -> bytes:
    document = document_xml(p("Första"))
    entries = docx_entries(document)
    entries.append(RawEntry.deflated("word/document.xml", document_xml(p("Andra"))))
    return write_zip(entries)


def dotdot_entries() -> bytes:
    """A valid package that also holds entries named ../ and absolute paths."""
    entries = docx_entries(document_xml(p("Svar")))
    entries.append(RawEntry.stored("../../escaped.txt", SECRET.encode()))
    entries.append(RawEntry.stored("/tmp/absolute-escape.txt", SECRET.encode()))
    entries.append(RawEntry.stored("word/../../escaped2.txt", SECRET.encode()))
    return write_zip(entries)


def many_entries(count: int = 20_000) -> bytes:
    entries = docx_entries(document_xml(p("Svar")))
    entries.extend(RawEntry.stored(f"customXml/item{n}.xml", b"") for n in range(count))
    return write_zip(entries)


def bzip2_member() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_DOCX)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr(
            "word/document.xml", document_xml(p("Svar")), compress_type=zipfile.ZIP_BZIP2
        )
    return out.getvalue()


def encrypted_entry() -> bytes:
    """document.xml flagged as traditional PKWARE encryption (general purpose bit 0)."""
    entries = docx_entries(document_xml(p("Svar")))
    entries[2].flags |= 0x1
    entries[2].payload = random.Random(1).randbytes(12) + entries[2].payload
    return write_zip(entries)


def missing_main_part() -> bytes:
    return write_zip(docx_entries(b"")[:2])


def strict_ooxml() -> bytes:
    return make_docx(p("Strikt svar"), strict=True)


# --------------------------------------------------------------------------- linked images


def linked_image_odt(url: str) -> bytes:
    """An .odt whose only picture is linked (not embedded) from ``url``."""
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
        ' xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
        ' xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2">'
        "<office:body><office:text><text:p>Svar med länkad bild</text:p><text:p>"
        '<draw:frame draw:name="bild" text:anchor-type="as-char" svg:width="2cm" svg:height="2cm">'
        f'<draw:image xlink:href="{url}" xlink:type="simple" xlink:show="embed" '
        'xlink:actuate="onLoad"/></draw:frame></text:p></office:text></office:body>'
        "</office:document-content>"
    )
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return write_zip(
        [
            RawEntry.stored("mimetype", b"application/vnd.oasis.opendocument.text"),
            RawEntry.deflated("content.xml", content.encode()),
            RawEntry.deflated("META-INF/manifest.xml", manifest.encode()),
        ]
    )


def linked_image_rtf(url: str) -> bytes:
    """An RTF whose picture is an INCLUDEPICTURE field pointing at ``url`` (not stored)."""
    return (
        "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\f0 Svar med l\\'e4nkad bild\\par "
        f'{{\\field{{\\*\\fldinst INCLUDEPICTURE "{url}" \\\\d}}{{\\fldrslt }}}}\\par}}'
    ).encode("ascii")
