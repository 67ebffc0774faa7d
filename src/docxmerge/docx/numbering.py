"""Numbering resolution: w:numId + w:ilvl -> number format (ECMA-376 Part 1 §17.9).

A paragraph's numbering comes from w:num (which may override levels with w:lvlOverride) and
its w:abstractNum; an abstractNum may only link to a numbering style (w:numStyleLink), whose
w:numPr names the w:num that holds the real definition.
"""

from __future__ import annotations

from lxml import etree

from docxmerge.docx.styles import Styles, W

_MAX_LINKS = 4


class Numbering:
    """The numbering part; missing part = nothing is numbered."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        self._styles = styles
        self._cache: dict[tuple[str, int], str | None] = {}
        if root is None:
            return
        for element in root.iterchildren(f"{W}abstractNum"):
            abstract_id = element.get(f"{W}abstractNumId")
            if abstract_id is not None:
                self._abstract.setdefault(abstract_id, element)
        for element in root.iterchildren(f"{W}num"):
            num_id = element.get(f"{W}numId")
            if num_id is not None:
                self._nums.setdefault(num_id, element)

    def has(self, num_id: str) -> bool:
        return num_id in self._nums

    def level_format(self, num_id: str, ilvl: int) -> str | None:
        """w:numFmt of that level ("decimal", "bullet", ...), or None when undefined."""
        key = (num_id, ilvl)
        if key not in self._cache:
            self._cache[key] = self._resolve(num_id, ilvl, 0)
        return self._cache[key]

    def _resolve(self, num_id: str, ilvl: int, depth: int) -> str | None:
        num = self._nums.get(num_id)
        if num is None or depth > _MAX_LINKS:
            return None
        for override in num.iterchildren(f"{W}lvlOverride"):
            if _ilvl(override) == ilvl:
                fmt = _level_fmt(override.find(f"{W}lvl"))
                if fmt is not None:
                    return fmt
        abstract_id = _val(num.find(f"{W}abstractNumId"))
        abstract = self._abstract.get(abstract_id or "")
        if abstract is None:
            return None
        for level in abstract.iterchildren(f"{W}lvl"):
            if _ilvl(level) == ilvl:
                return _level_fmt(level)
        link = _val(abstract.find(f"{W}numStyleLink"))
        if link:
            linked = self._styles.paragraph_numbering_of(link)
            if linked is not None and linked != num_id:
                return self._resolve(linked, ilvl, depth + 1)
        return None


def _val(element: etree._Element | None) -> str | None:
    return None if element is None else element.get(f"{W}val")


def _ilvl(element: etree._Element) -> int | None:
    value = element.get(f"{W}ilvl")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _level_fmt(level: etree._Element | None) -> str | None:
    if level is None:
        return None
    fmt = _val(level.find(f"{W}numFmt"))
    # A level without numFmt is decimal (§17.9.17 default)
    return fmt or "decimal"
