"""Turn one Word package into a :class:`model.Document`.

``package.py`` opens the file and parses XML safely; the reader only walks lxml trees:
``body`` (blocks, tables, controls), ``inline`` (runs, fields, text boxes), ``controls``,
``field_codes``, ``styles`` and ``numbering``. Body text is kept apart from headers, footers
and comments; the glossary part gives the placeholder prompts of content controls.

Messages it may add: ``part_skipped`` (a secondary part could not be parsed),
``invalid_core_date``, ``alt_chunk_skipped``, ``image_skipped``, ``image_too_large``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from lxml import etree

from docxmerge.docx.body import PartReader
from docxmerge.docx.numbering import Numbering
from docxmerge.docx.package import FATAL_CODES, Limits, Package
from docxmerge.docx.part_cache import SharedResults
from docxmerge.docx.styles import Styles, W
from docxmerge.model import Block, CoreProperties, Document, Message, UnreadableError

DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
# What styles, numbering, glossary, headers and footers give (see part_cache.py). Only what was read
# without a message is kept (a message names its file), never the results of a part over 1 MiB
# (a hostile inbox could otherwise keep 32 huge ones alive).
_SHARED_PART_BYTES = 1 << 20
_shared = SharedResults(32)
_W3CDTF = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?")


def read_docx(path: str | Path, limits: Limits | None = None) -> Document:
    """Read a .docx/.docm/.dotx file. Raises UnreadableError with a code."""
    path = Path(path)
    return _guarded(lambda: read_package(Package.open(path, limits), path.name))


def read_docx_bytes(data: bytes, name: str, limits: Limits | None = None) -> Document:
    """Read a .docx already held in memory (``name`` is used in messages)."""
    return _guarded(lambda: read_package(Package.from_bytes(data, name, limits), name))


def read_package(package: Package, file_name: str = "") -> Document:
    """Read an opened package. Raises UnreadableError with a code."""
    return _guarded(lambda: _DocumentReader(package, file_name).read())


def _guarded(action: Callable[[], Document]) -> Document:
    try:
        return action()
    except UnreadableError:
        raise
    except RecursionError:
        raise UnreadableError("damaged", "nesting too deep") from None
    except MemoryError:
        raise UnreadableError("too_large", "out of memory") from None
    except Exception as exc:  # a reader bug must not stop a batch run
        raise UnreadableError("internal_error", f"{type(exc).__name__}: {exc}") from exc


class _DocumentReader:
    def __init__(self, package: Package, file_name: str) -> None:
        self._package = package
        self._file = file_name
        self._main = package.main_part
        self._messages: list[Message] = []

    def read(self) -> Document:
        root = self._package.read_xml(self._main)
        if root.tag != f"{W}document":
            raise UnreadableError("not_word", f"{self._main}: root element {root.tag}")
        styles_key, styles = self._styles()
        numbering_key, numbering = self._numbering(styles_key, styles)
        glossary = self._glossary(styles_key, styles)
        body = root.find(f"{W}body")
        reader = self._part_reader(self._main, styles, numbering, glossary)
        blocks = reader.read(body) if body is not None else []
        return Document(
            blocks=tuple(blocks),
            properties=self._properties(),
            language=self._language(styles, body),
            glossary=glossary,
            headers_footers=self._headers_footers((styles_key, numbering_key), styles, numbering),
            comments=self._comments(styles, numbering),
            messages=tuple(self._messages),
        )

    def _part_reader(
        self, part: str, styles: Styles, numbering: Numbering, glossary: dict[str, str]
    ) -> PartReader:
        return PartReader(
            self._package, part, styles, numbering, glossary, self._messages, self._file
        )

    # ------------------------------------------------------------------ secondary parts

    def _xml(self, part: str) -> etree._Element | None:
        """A secondary part's XML, or None (with a message) when it cannot be parsed."""
        try:
            return self._package.read_xml(part)
        except UnreadableError as error:
            if error.code in FATAL_CODES:
                raise
            self._messages.append(
                Message(
                    self._file,
                    part,
                    "part_skipped",
                    f"Part {part} could not be read.",
                    (("part", part), ("reason", error.code)),
                )
            )
            return None

    def _shared_key(self, part: str | None) -> bytes | None:
        """Key of a secondary part's results: None when the part is absent (the results are
        then the same for every document), UNCACHED when they must not be remembered."""
        return None if part is None else self._package.shared_key(part, _SHARED_PART_BYTES)

    def _count_as_read(self, part: str | None) -> None:
        """A remembered part still counts against this file's limits (see Package)."""
        if part is not None:
            self._package.count_as_read(part)

    def _styles(self) -> tuple[bytes | None, Styles]:
        part = self._package.related_part(self._main, "styles")
        key = ("styles", self._shared_key(part))
        styles = _shared.get(key)
        if isinstance(styles, Styles):
            self._count_as_read(part)
        else:
            messages = len(self._messages)
            styles = Styles(self._xml(part) if part else None)
            if len(self._messages) == messages:
                _shared.put(key, styles)
        return key[1], styles

    def _numbering(
        self, styles_key: bytes | None, styles: Styles
    ) -> tuple[bytes | None, Numbering]:
        part = self._package.related_part(self._main, "numbering")
        key = ("numbering", self._shared_key(part), styles_key)
        numbering = _shared.get(key)
        if isinstance(numbering, Numbering):
            self._count_as_read(part)
        else:
            messages = len(self._messages)
            numbering = Numbering(self._xml(part) if part else None, styles)
            if len(self._messages) == messages:
                _shared.put(key, numbering)
        return key[1], numbering

    def _glossary(self, styles_key: bytes | None, styles: Styles) -> dict[str, str]:
        """docPart name -> text of its body (the prompts of content controls)."""
        part = self._package.related_part(self._main, "glossaryDocument")
        if part is None:
            return {}
        key = ("glossary", self._shared_key(part), styles_key)
        known = _shared.get(key)
        if isinstance(known, dict):
            self._count_as_read(part)
            return dict(known)
        messages = len(self._messages)
        root = self._xml(part)
        if root is None:
            return {}
        # The main styles stand in for the glossary's own styles part (one parse less; the
        # glossary is written with the same template)
        reader = self._part_reader(part, styles, Numbering(None, styles), {})
        entries: dict[str, str] = {}
        for doc_part in root.iter(f"{W}docPart"):
            name_el = doc_part.find(f"{W}docPartPr/{W}name")
            body = doc_part.find(f"{W}docPartBody")
            name = name_el.get(f"{W}val") if name_el is not None else None
            if name and body is not None and name not in entries:
                entries[name] = _joined(reader.read(body))
        if len(self._messages) == messages:
            _shared.put(key, dict(entries))
        return entries

    def _headers_footers(
        self, shared: tuple[bytes | None, bytes | None], styles: Styles, numbering: Numbering
    ) -> tuple[str, ...]:
        """Header and footer texts; ``shared`` holds the keys of the styles and numbering."""
        texts: list[str] = []
        for rel in self._package.relationships(self._main):
            if rel.kind not in ("header", "footer") or rel.external:
                continue
            if not self._package.has(rel.target):
                continue
            key = ("header/footer", self._shared_key(rel.target), *shared)
            text = _shared.get(key)
            if isinstance(text, str):
                self._count_as_read(rel.target)
            else:
                messages = len(self._messages)
                root = self._xml(rel.target)
                if root is None:
                    continue
                reader = self._part_reader(rel.target, styles, numbering, {})
                text = _joined(reader.read(root))
                if len(self._messages) == messages:
                    _shared.put(key, text)
            if text.strip():
                texts.append(text)
        return tuple(texts)

    def _comments(self, styles: Styles, numbering: Numbering) -> tuple[str, ...]:
        part = self._package.related_part(self._main, "comments")
        root = self._xml(part) if part else None
        if part is None or root is None:
            return ()
        reader = self._part_reader(part, styles, numbering, {})
        return tuple(_joined(reader.read(comment)) for comment in root.iter(f"{W}comment"))

    # ------------------------------------------------------------------ metadata

    def _language(self, styles: Styles, body: etree._Element | None) -> str | None:
        language = styles.default_language or styles.language_of_normal
        if language or body is None:
            return language
        counts = Counter(value for lang in body.iter(f"{W}lang") if (value := lang.get(f"{W}val")))
        return counts.most_common(1)[0][0] if counts else None

    def _properties(self) -> CoreProperties:
        part = self._package.related_part("", "core-properties")
        root = self._xml(part) if part else None
        if part is None or root is None:
            return CoreProperties()

        def text(tag: str) -> str | None:
            element = root.find(tag)
            value = (element.text or "").strip() if element is not None else ""
            return value or None

        return CoreProperties(
            title=text(f"{DC}title"),
            subject=text(f"{DC}subject"),
            author=text(f"{DC}creator"),
            last_modified_by=text(f"{CP}lastModifiedBy"),
            created=self._date(part, "created", text(f"{DCTERMS}created")),
            modified=self._date(part, "modified", text(f"{DCTERMS}modified")),
        )

    def _date(self, part: str, name: str, value: str | None) -> str | None:
        """A W3CDTF date (ISO 8601 profile), or None plus a message when it is invalid."""
        if value is None:
            return None
        if _W3CDTF.fullmatch(value) and _valid_calendar(value):
            return value
        self._messages.append(
            Message(
                self._file,
                part,
                "invalid_core_date",
                f"Document property {name} has an invalid date: {value!r}.",
                (("property", name), ("value", value)),
            )
        )
        return None


def _valid_calendar(value: str) -> bool:
    """Whether the date part of a W3CDTF value (already matched) is a real calendar day."""
    if len(value) < 10:
        return True  # year or year-month only
    try:
        date(int(value[0:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return False
    return True


def _joined(blocks: list[Block]) -> str:
    return "\n".join(block.text for block in blocks).strip("\n")
