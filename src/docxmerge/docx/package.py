"""Open an untrusted file as an OOXML package, with bounded work and safe XML.

This is the only module that touches input bytes. It recognises what a file is (legacy .doc,
encrypted, RTF, ODT, PDF, a zip that is not a Word document...), checks the zip central directory
before inflating anything, reads members in bounded chunks (the central directory can lie), and
parses XML with no DTD, no entities and no network. Zip entry names are never used as paths.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from docxmerge.docx.part_cache import UNCACHED, SharedResults
from docxmerge.model import UnreadableError

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 64 * KIB
# A central directory entry is 46 bytes plus name, extra field and comment; Word's are ~100.
_DIRECTORY_BYTES_PER_ENTRY = 1 * KIB

# Strict OOXML (ISO/IEC 29500 Strict) uses purl.oclc.org namespaces; map them to the
# transitional ones so the reader walks a single vocabulary.
_STRICT_NAMESPACES: tuple[tuple[bytes, bytes], ...] = (
    (
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    ),
    (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/main",
        b"http://schemas.openxmlformats.org/drawingml/2006/main",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
        b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    ),
    (
        b"http://purl.oclc.org/ooxml/drawingml/picture",
        b"http://schemas.openxmlformats.org/drawingml/2006/picture",
    ),
)
_STRICT_MARKER = b"http://purl.oclc.org/ooxml/"

_WORD_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
# Content types and relationships of the forms seen, by digest of the part (see part_cache.py)
_SHARED_PART_BYTES = 64 * KIB
_shared = SharedResults(64)
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on the work one file may cause. Real forms stay far below every default."""

    max_file_bytes: int = 256 * MIB
    max_part_bytes: int = 256 * MIB  # one member, inflated
    max_total_bytes: int = 1 * GIB  # all members, as declared in the central directory
    max_entries: int = 10_000
    max_ratio: float = 100.0  # inflated / compressed, checked once past ratio_floor_bytes
    ratio_floor_bytes: int = 100 * KIB  # (the rule Apache POI applies to zip bombs)
    # libxml2's own limits: 256 levels of nesting, 10,000,000 bytes in one text node or
    # attribute. huge_xml lifts them (2048 levels, 1 GB) for a file that really needs it.
    huge_xml: bool = False
    # All XML parsed from one package: lxml needs several times the text in memory, and a
    # file within the ratio limit can still inflate 2.5 MB into 256 MB of XML.
    max_xml_bytes: int = 160 * MIB

    @property
    def max_directory_bytes(self) -> int:
        """Bound on the central directory's size, checked before zipfile parses it."""
        return self.max_entries * _DIRECTORY_BYTES_PER_ENTRY


# Problems that stop the whole file even when they happen in a secondary part
FATAL_CODES = frozenset({"zip_bomb", "too_large", "too_many_entries"})


@dataclass(frozen=True, slots=True)
class Relationship:
    """One relationship of a part; ``target`` is a part name unless ``external``."""

    id: str
    type: str
    target: str
    external: bool

    @property
    def kind(self) -> str:
        """Last segment of the type URI ("styles", "image", ...): the same in Strict OOXML."""
        return self.type.rstrip("/").rsplit("/", 1)[-1]


def _safe_parser(huge: bool = False) -> etree.XMLParser:
    # No DTD loading, no entity resolution, no network. Without huge_tree libxml2 keeps its
    # depth (256) and text-node (10,000,000 bytes) limits.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge,
        collect_ids=False,
        remove_blank_text=False,
    )


def parse_xml(
    data: bytes, part: str = "", *, map_strict: bool = True, huge: bool = False
) -> etree._Element:
    """Parse untrusted XML bytes; refuse any DOCTYPE. Raises UnreadableError.

    With ``map_strict``, Strict OOXML namespaces are rewritten to the transitional ones.
    ``huge`` lifts libxml2's depth and text-node limits (see Limits.huge_xml).
    """
    text = _to_utf8(data)
    if _has_doctype(text):
        raise UnreadableError("unsafe_xml", f"{part}: DOCTYPE declaration")
    if map_strict and _STRICT_MARKER in text:
        for strict, transitional in _STRICT_NAMESPACES:
            text = text.replace(strict, transitional)
    try:
        root = etree.fromstring(text, parser=_safe_parser(huge))
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(part, exc) from None
    except (etree.LxmlError, ValueError) as exc:
        raise UnreadableError("xml_error", f"{part}: {exc}") from None
    if root is None:
        raise UnreadableError("xml_error", f"{part}: empty")
    if root.getroottree().docinfo.internalDTD is not None:
        # Reached only when the prolog scan could not see it (an encoding it does not decode).
        raise UnreadableError("unsafe_xml", f"{part}: DOCTYPE declaration")
    return root


def _syntax_error(part: str, exc: etree.XMLSyntaxError) -> UnreadableError:
    """Name libxml2's resource limits apart from plain malformed XML."""
    message = str(exc)
    if "Excessive depth" in message:
        return UnreadableError("xml_error", f"{part}: XML nested too deeply ({message})")
    if "try XML_PARSE_HUGE" in message:
        return UnreadableError("too_large", f"{part}: text or attribute too long ({message})")
    return UnreadableError("xml_error", f"{part}: {message}")


def _to_utf8(data: bytes) -> bytes:
    """Strip a UTF-8 BOM (Word and Google Docs write one); re-encode UTF-16 parts."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    encoding = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif data.startswith(b"<\x00"):  # UTF-16 without a byte order mark (XML 1.0 App. F)
        encoding = "utf-16-le"
    elif data.startswith(b"\x00<"):
        encoding = "utf-16-be"
    if encoding is None:
        return data
    try:
        decoded = data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise UnreadableError("xml_error", "bad UTF-16 text") from None
    head, sep, rest = decoded.partition("?>")
    if head.lstrip().startswith("<?xml") and sep:
        decoded = rest
    return decoded.encode("utf-8")


def _has_doctype(text: bytes) -> bool:
    """A DOCTYPE can only stand in the prolog, before the root element."""
    position = 0
    while (start := text.find(b"<", position)) >= 0:
        if text.startswith(b"<?", start):  # XML declaration or processing instruction
            opening, closing = b"<?", b"?>"
        elif text.startswith(b"<!--", start):
            opening, closing = b"<!--", b"-->"
        else:
            # "<!DOCTYPE" (or any markup declaration) before the root element.
            return text.startswith(b"<!", start)
        end = text.find(closing, start + len(opening))
        if end < 0:
            return False  # unterminated: the parser refuses it
        position = end + len(closing)
    return False


def sniff(head: bytes) -> str | None:
    """Name a non-zip format from the first bytes, as an UnreadableError code, or None."""
    if not head:
        return "empty_file"
    if head.startswith(OLE2_SIGNATURE):
        return "ole2"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        return None
    return "not_word"


def _ole2_kind(data: bytes) -> str:
    """Tell an encrypted .docx from a legacy .doc: both are OLE2 compound files (MS-CFB)."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "encrypted"
    if "WordDocument".encode("utf-16-le") in data:
        return "legacy_doc"
    for stream in ("Workbook", "Book", "PowerPoint Document"):
        if stream.encode("utf-16-le") in data:
            return "not_word"
    return "legacy_doc"


class Package:
    """A checked OOXML package held in memory; members are inflated on demand, bounded."""

    def __init__(
        self, archive: zipfile.ZipFile, name: str, limits: Limits, data: bytes = b""
    ) -> None:
        self._zip = archive
        self._data = data  # the file's bytes, for member_digest
        self._name = name
        self._limits = limits
        self._members = _check_central_directory(archive, limits)
        self._inflated = 0
        self._xml_parsed = 0
        self._rels_cache: dict[str, tuple[Relationship, ...]] = {}
        self._refuse_other_zips()
        self._content_types = self._read_content_types()
        self.main_part = self._find_main_part()
        self.strict = self._is_strict()

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path, limits: Limits | None = None) -> Package:
        """Open a regular file read-only. Raises UnreadableError with a code for anything else."""
        limits = limits or Limits()
        return cls.from_bytes(read_file(path, limits), path.name, limits)

    @classmethod
    def from_bytes(cls, data: bytes, name: str = "", limits: Limits | None = None) -> Package:
        """Check and open a package held in memory. Raises UnreadableError."""
        limits = limits or Limits()
        if len(data) > limits.max_file_bytes:
            raise UnreadableError("too_large", f"{len(data)} bytes")
        kind = sniff(data[:8])
        if kind == "ole2":
            raise UnreadableError(_ole2_kind(data))
        if kind is not None:
            raise UnreadableError(kind)
        _check_end_record(data, limits)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise UnreadableError("damaged", f"not a complete zip: {exc}") from None
        except (struct.error, IndexError, KeyError, NotImplementedError) as exc:
            raise UnreadableError("damaged", f"zip directory: {exc!r}") from None
        return cls(archive, name, limits, data)

    # ------------------------------------------------------------------ members

    def has(self, part: str) -> bool:
        """Whether the package holds this part (part names compare case-insensitively)."""
        return part.lstrip("/").lower() in self._members

    def read_bytes(self, part: str) -> bytes:
        """Inflate one member in bounded chunks; never trust the declared size."""
        info = self._members.get(part.lstrip("/").lower())
        if info is None:
            raise UnreadableError("damaged", f"no part {part}")
        _check_member(info, self._limits)
        limit = min(self._limits.max_part_bytes, self._limits.max_total_bytes - self._inflated)
        inflated = io.BytesIO()  # getvalue() hands over its buffer: no second copy
        produced = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    produced += len(chunk)
                    if produced > limit or _ratio_exceeded(produced, info, self._limits):
                        raise UnreadableError("zip_bomb", f"{info.filename} inflates too far")
                    inflated.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as exc:
            # A lying size ends here too: zipfile stops at the declared size, then the CRC fails.
            raise UnreadableError("damaged", f"{info.filename}: {exc}") from None
        except (ValueError, struct.error) as exc:  # e.g. an undecodable local header name
            raise UnreadableError("damaged", f"{info.filename}: {exc!r}") from None
        except NotImplementedError:
            raise UnreadableError("unsupported_compression", info.filename) from None
        self._inflated += produced
        return inflated.getvalue()

    def member_digest(self, part: str, max_bytes: int) -> bytes | None:
        """A name for the part's content, found without inflating it: SHA-256 of its stored
        bytes, compression method, CRC, sizes and the limits. Equal digests mean equal XML,
        read under the same limits. None when the part is absent, declares more than
        ``max_bytes`` (either size), or zipfile would not open it (bad local header, name,
        flags or offset: reading it must then fail as it would without a digest)."""
        info = self._members.get(part.lstrip("/").lower())
        if info is None or max(info.file_size, info.compress_size) > max_bytes:
            return None
        try:
            with self._zip.open(info):  # zipfile's own checks of the local header
                pass
        except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
            return None
        except (RuntimeError, struct.error):  # (what read_bytes turns into "damaged" too)
            return None
        start = info.header_offset
        header = self._data[start : start + _LOCAL_HEADER.size]
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
        start += _LOCAL_HEADER.size + name_length + extra_length  # APPNOTE 4.3.7
        stored = memoryview(self._data)[start : start + info.compress_size]
        if len(stored) != info.compress_size:
            return None
        digest = hashlib.sha256(stored)
        facts = (info.compress_type, info.CRC, info.file_size, self._limits)
        digest.update(repr(facts).encode())
        return digest.digest()

    def count_as_read(self, part: str) -> None:
        """Count a part as inflated and parsed here although its results were remembered from
        an identical part of another file: the same limits apply as in read_bytes and read_xml
        (the declared size is exact, the identical bytes having been checked against it)."""
        info = self._members[part.lstrip("/").lower()]
        size = info.file_size
        if size > min(self._limits.max_part_bytes, self._limits.max_total_bytes - self._inflated):
            raise UnreadableError("zip_bomb", f"{info.filename} inflates too far")
        self._inflated += size
        self._xml_parsed += size
        if self._xml_parsed > self._limits.max_xml_bytes:
            raise UnreadableError(
                "too_large", f"{part}: more than {self._limits.max_xml_bytes} bytes of XML"
            )

    def read_xml(self, part: str) -> etree._Element:
        """Inflate and parse one XML member (see parse_xml)."""
        return self._parse_member(part, map_strict=True)

    def _parse_member(self, part: str, *, map_strict: bool) -> etree._Element:
        data = self.read_bytes(part)
        self._xml_parsed += len(data)
        if self._xml_parsed > self._limits.max_xml_bytes:
            raise UnreadableError(
                "too_large", f"{part}: more than {self._limits.max_xml_bytes} bytes of XML"
            )
        return parse_xml(data, part, map_strict=map_strict, huge=self._limits.huge_xml)

    def content_type(self, part: str) -> str | None:
        """The part's content type from [Content_Types].xml (override, then default)."""
        key = part.lstrip("/").lower()
        overrides, defaults = self._content_types
        if key in overrides:
            return overrides[key]
        return defaults.get(posixpath.splitext(key)[1].lstrip("."))

    # ------------------------------------------------------------------ relationships

    def relationships(self, source_part: str) -> tuple[Relationship, ...]:
        """Relationships of a part ("" for the package), targets resolved to part names."""
        cached = self._rels_cache.get(source_part)
        if cached is None:
            cached = self._rels_cache[source_part] = self._read_relationships(source_part)
        return cached

    def _read_relationships(self, source_part: str) -> tuple[Relationship, ...]:
        directory, base = posixpath.split(source_part.lstrip("/"))
        rels_part = posixpath.join(directory, "_rels", base + ".rels")
        if not self.has(rels_part):
            return ()
        key = ("rels", self.shared_key(rels_part, _SHARED_PART_BYTES), directory)
        known = _shared.get(key)
        if isinstance(known, tuple):
            self.count_as_read(rels_part)
            return known
        root = self._parse_member(rels_part, map_strict=False)
        found = []
        for element in root.iter(f"{_REL_NS}Relationship"):
            target = element.get("Target") or ""
            external = (element.get("TargetMode") or "").lower() == "external"
            if not external:
                target = _resolve_target(directory, target)
            found.append(
                Relationship(element.get("Id") or "", element.get("Type") or "", target, external)
            )
        _shared.put(key, tuple(found))
        return tuple(found)

    def shared_key(self, part: str, max_bytes: int) -> bytes:
        """Key of what a part gives, for results remembered across files (part_cache.py): its
        member_digest, or UNCACHED when it has none (too large, refused by zipfile)."""
        return self.member_digest(part, max_bytes) or UNCACHED

    def related_part(self, source_part: str, kind: str) -> str | None:
        """The first internal, existing target of the given relationship kind."""
        for rel in self.relationships(source_part):
            if rel.kind == kind and not rel.external and self.has(rel.target):
                return rel.target
        return None

    # ------------------------------------------------------------------ checks

    def _refuse_other_zips(self) -> None:
        """OpenDocument files and zips that are no OPC package at all."""
        if self.has("mimetype") and b"opendocument" in self.read_bytes("mimetype"):
            raise UnreadableError("odt")
        if not self.has("[Content_Types].xml") and not self.has("word/document.xml"):
            raise UnreadableError("not_word", "a zip without [Content_Types].xml")

    def _read_content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """(overrides by part name, defaults by extension); shared, never changed."""
        if not self.has("[Content_Types].xml"):
            raise UnreadableError("damaged", "no [Content_Types].xml")
        key = ("content types", self.shared_key("[Content_Types].xml", _SHARED_PART_BYTES))
        known = _shared.get(key)
        if isinstance(known, tuple):
            self.count_as_read("[Content_Types].xml")
            return known
        root = self.read_xml("[Content_Types].xml")
        overrides = {
            (e.get("PartName") or "").lstrip("/").lower(): e.get("ContentType") or ""
            for e in root.iter(f"{_CT_NS}Override")
        }
        defaults = {
            (e.get("Extension") or "").lower(): e.get("ContentType") or ""
            for e in root.iter(f"{_CT_NS}Default")
        }
        _shared.put(key, (overrides, defaults))
        return overrides, defaults

    def _find_main_part(self) -> str:
        main = None
        for rel in self.relationships(""):
            if rel.kind == "officeDocument" and not rel.external:
                main = rel.target
                break
        if main is None and self.has("word/document.xml"):
            main = "word/document.xml"  # no package relationship: fall back to Word's default
        if main is None:
            if self.has("xl/workbook.xml") or self.has("ppt/presentation.xml"):
                raise UnreadableError("not_word")
            raise UnreadableError("missing_main_part", "no main document part")
        if not self.has(main):
            raise UnreadableError("missing_main_part", main)
        content_type = self.content_type(main)
        if (
            content_type
            and content_type not in _WORD_MAIN_TYPES
            and "wordprocessingml" not in (content_type)
        ):
            raise UnreadableError("not_word", content_type)
        return main

    def _is_strict(self) -> bool:
        rels = self.relationships("")
        return any(r.type.startswith("http://purl.oclc.org/ooxml/") for r in rels)


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # APPNOTE 4.3.7
_END_RECORD = struct.Struct("<4s4H2LH")  # APPNOTE 4.3.16
_ZIP64_LOCATOR = struct.Struct("<4sLQL")  # APPNOTE 4.3.15
_ZIP64_END_RECORD = struct.Struct("<4sQ2H2L4Q")  # APPNOTE 4.3.14


def _check_end_record(data: bytes, limits: Limits) -> None:
    """Refuse a huge central directory before zipfile builds an object for every entry."""
    position = data.rfind(b"PK\x05\x06", max(0, len(data) - _END_RECORD.size - 65535))
    if position < 0 or len(data) - position < _END_RECORD.size:
        return  # zipfile reports the damage
    record = _END_RECORD.unpack_from(data, position)
    entries, directory_bytes = record[4], record[5]
    locator_at = position - _ZIP64_LOCATOR.size
    if locator_at >= 0 and data.startswith(b"PK\x06\x07", locator_at):
        offset = _ZIP64_LOCATOR.unpack_from(data, locator_at)[2]
        if 0 <= offset <= len(data) - _ZIP64_END_RECORD.size:
            record64 = _ZIP64_END_RECORD.unpack_from(data, offset)
            entries, directory_bytes = max(entries, record64[7]), max(directory_bytes, record64[8])
    if entries > limits.max_entries:
        raise UnreadableError("too_many_entries", f"{entries} entries")
    if directory_bytes > limits.max_directory_bytes:
        raise UnreadableError("too_many_entries", f"central directory of {directory_bytes} bytes")


def read_file(path: Path, limits: Limits) -> bytes:
    """The bytes of a regular file, read-only and bounded. Raises UnreadableError."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise UnreadableError("cannot_open", exc.strerror or "") from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise UnreadableError("not_word", "not a regular file")
    with os.fdopen(descriptor, "rb") as handle:
        if status.st_size > limits.max_file_bytes:
            raise UnreadableError("too_large", f"{status.st_size} bytes")
        return handle.read(limits.max_file_bytes + 1)


def _check_central_directory(
    archive: zipfile.ZipFile, limits: Limits
) -> dict[str, zipfile.ZipInfo]:
    """Refuse a package before inflating anything: entry count, duplicates, declared sizes."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise UnreadableError("too_many_entries", f"{len(infos)} entries")
    members: dict[str, zipfile.ZipInfo] = {}
    declared = 0
    for info in infos:
        key = info.filename.lstrip("/").lower()  # OPC part names compare case-insensitively
        if key in members:
            raise UnreadableError("damaged", f"duplicate entry {info.filename}")
        if info.flag_bits & 0x1:
            raise UnreadableError("encrypted", f"encrypted zip entry {info.filename}")
        declared += info.file_size
        members[key] = info
    if declared > limits.max_total_bytes:
        raise UnreadableError("zip_bomb", f"declares {declared} bytes")
    return members


def _check_member(info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # Word writes deflate only; bzip2/lzma members have no output bound in zipfile.
        raise UnreadableError("unsupported_compression", info.filename)
    if info.file_size > limits.max_part_bytes:
        raise UnreadableError("too_large", f"{info.filename}: {info.file_size} bytes")
    if _ratio_exceeded(info.file_size, info, limits):
        raise UnreadableError("zip_bomb", f"{info.filename}: compression ratio")


def _ratio_exceeded(produced: int, info: zipfile.ZipInfo, limits: Limits) -> bool:
    if produced <= limits.ratio_floor_bytes:
        return False
    return produced > limits.max_ratio * max(info.compress_size, 1)


def _resolve_target(source_dir: str, target: str) -> str:
    """Resolve a relative relationship target to a part name (never a file system path)."""
    joined = target if target.startswith("/") else posixpath.join("/", source_dir, target)
    return posixpath.normpath(joined).lstrip("/")
