"""The values data-bound content controls point at (ECMA-376 Part 1 §17.5.2.6 w:dataBinding).

A bound control mirrors one node of an XML part: a custom XML data store item
(``customXml/itemN.xml``, identified by the ``ds:itemID`` of its properties part), or the core
or extended document properties, which Word addresses by fixed store ids. Word keeps the node
and the control's shown text in step, but a form filled in by a program, or a control whose
content was deleted, can show nothing or its prompt while the node holds the answer.

Only the simple paths Word writes are followed (``/ns0:root[1]/ns0:field[1]``, an optional
final ``@attribute`` or ``text()``), step by step over the parsed part: no XPath engine runs on
a path from an untrusted file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from docxmerge.docx.package import FATAL_CODES
from docxmerge.model import UnreadableError

DS = "{http://schemas.openxmlformats.org/officeDocument/2006/customXml}"
# Store ids Word uses for the document's own property parts
_CORE_ID = "{6C3C8BC8-F283-45AE-878A-BAB7291924A1}"
_EXTENDED_ID = "{6668398D-A668-4E3E-A5EB-62B293D839F1}"
_MAX_ITEMS = 32
_MAX_STEPS = 32
_MAX_VALUE = 100_000
_STEP = re.compile(r"(@)?(?:([\w.-]+):)?([\w.-]+)(?:\[(\d{1,6})\])?")
_MAPPING = re.compile(r"""xmlns:([\w.-]+)\s*=\s*(?:'([^']*)'|"([^"]*)")""")

PartReader = Callable[[str], etree._Element | None]
RelatedParts = Callable[[str, str], list[str]]


class DataStore:
    """The data store items of one package, read on the first bound control."""

    def __init__(self, read_xml: PartReader, related: RelatedParts, main_part: str) -> None:
        self._read_xml = read_xml
        self._related = related
        self._main = main_part
        self._items: dict[str, etree._Element] | None = None

    def value(self, binding: etree._Element) -> str | None:
        """The text of the node a w:dataBinding element points at; None when not found."""
        w = binding.tag[: binding.tag.index("}") + 1] if binding.tag.startswith("{") else ""
        store = (binding.get(f"{w}storeItemID") or "").strip().upper()
        path = binding.get(f"{w}xpath") or ""
        root = self._store(store)
        if root is None:
            return None
        namespaces = _namespaces(binding.get(f"{w}prefixMappings") or "")
        return follow(root, path, namespaces)

    def _store(self, store_id: str) -> etree._Element | None:
        if self._items is None:
            self._items = self._load()
        return self._items.get(store_id)

    def _load(self) -> dict[str, etree._Element]:
        items: dict[str, etree._Element] = {}
        for kind, store_id in (("core-properties", _CORE_ID), ("extended-properties", "")):
            for part in self._related("", kind):
                root = self._read_xml(part)
                if root is not None:
                    items[store_id or _EXTENDED_ID] = root
        for part in self._related(self._main, "customXml")[:_MAX_ITEMS]:
            root = self._read_xml(part)
            props = next(iter(self._related(part, "customXmlProps")), None)
            props_root = self._read_xml(props) if props else None
            item_id = props_root.get(f"{DS}itemID") if props_root is not None else None
            if root is not None and item_id:
                items.setdefault(item_id.strip().upper(), root)
        return items


def _namespaces(mappings: str) -> dict[str, str]:
    """w:prefixMappings ("xmlns:ns0='uri' ...") as prefix -> namespace."""
    return {m.group(1): m.group(2) or m.group(3) or "" for m in _MAPPING.finditer(mappings)}


def follow(root: etree._Element, path: str, namespaces: dict[str, str]) -> str | None:
    """The text at ``path`` (Word's simple absolute form) under the document ``root``."""
    steps = [s for s in path.strip().split("/") if s]
    if not steps or len(steps) > _MAX_STEPS or not path.strip().startswith("/"):
        return None
    if steps[-1] == "text()":
        steps.pop()
    node: etree._Element | None = None
    for n, step in enumerate(steps):
        match = _STEP.fullmatch(step)
        if match is None:
            return None
        attribute, prefix, local, index = match.groups()
        name = _qualified(prefix, local, namespaces)
        if name is None:
            return None
        if attribute:
            return _attribute(node, name) if n == len(steps) - 1 else None
        node = _child(root if node is None else node, name, int(index or 1), first=node is None)
        if node is None:
            return None
    assert node is not None
    return "".join(str(text) for text in node.itertext())[:_MAX_VALUE]


def _qualified(prefix: str | None, local: str, namespaces: dict[str, str]) -> str | None:
    if prefix is None:
        return local
    uri = namespaces.get(prefix)
    return None if uri is None else f"{{{uri}}}{local}"


def _child(parent: etree._Element, name: str, index: int, *, first: bool) -> etree._Element | None:
    """The ``index``-th child named ``name``; for the first step, the root itself."""
    if first:
        return parent if parent.tag == name and index == 1 else None
    count = 0
    for child in parent:
        if child.tag == name:
            count += 1
            if count == index:
                return child
    return None


def _attribute(node: etree._Element | None, name: str) -> str | None:
    return None if node is None else node.get(name)


def guarded(read_xml: Callable[[str], etree._Element]) -> PartReader:
    """``read_xml`` that gives None for a part that cannot be read (a bound value is a bonus:
    a damaged store item must not cost the form), but lets the file-level refusals through."""

    def read(part: str) -> etree._Element | None:
        try:
            return read_xml(part)
        except UnreadableError as error:
            if error.code in FATAL_CODES:
                raise
            return None

    return read
