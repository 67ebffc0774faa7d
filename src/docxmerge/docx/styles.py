"""Style resolution for the reader: style names, outline levels, numbering and run formatting.

Styles are looked up by ``w:styleId`` but reported by ``w:name``: the id is localized (Swedish
Word writes "Rubrik1", German "berschrift1") while the name of a built-in style is not
(ECMA-376 Part 1 §17.7.4.9: built-in styles keep their English names such as "heading 1").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
W_VAL = f"{W}val"

# Run properties the reader cares about: element tag -> key in a props dict.
RUN_PROP_TAGS: dict[str, str] = {
    f"{W}b": "bold",
    f"{W}i": "italic",
    f"{W}u": "underline",
    f"{W}strike": "strike",
    f"{W}dstrike": "strike",
    f"{W}vanish": "hidden",
    f"{W}webHidden": "hidden",
    f"{W}specVanish": "hidden",
}
PLACEHOLDER_STYLE_NAME = "placeholder text"
_HEADING_NAME = re.compile(r"heading\s*([1-9])$", re.IGNORECASE)
_OFF_VALUES = frozenset({"0", "false", "off", "none"})

Props = dict[str, bool]


def on_off(element: etree._Element, attribute: str = W_VAL) -> bool:
    """ECMA-376 §17.17.4 ST_OnOff: absent value means on; "0", "false", "off" mean off."""
    value = element.get(attribute)
    return value is None or value.strip().lower() not in _OFF_VALUES


def run_props(rpr: etree._Element | None) -> Props:
    """The formatting toggles a w:rPr sets (only the ones present)."""
    props: Props = {}
    if rpr is None:
        return props
    for child in rpr.iterchildren():
        key = RUN_PROP_TAGS.get(child.tag)
        if key is not None:
            set_prop(props, key, child)
    return props


def set_prop(props: Props, key: str, element: etree._Element) -> None:
    """Record one run property element under its key."""
    if key == "underline":
        props[key] = (element.get(W_VAL) or "single").lower() != "none"
    elif key == "hidden":
        # vanish and webHidden share the key: any of them switched on hides the run
        props[key] = props.get(key, False) or on_off(element)
    else:
        props[key] = on_off(element)


@dataclass(frozen=True, slots=True)
class ParagraphStyle:
    """What a paragraph inherits from its style chain."""

    name: str
    outline_level: int | None  # 0..9 as written (9 = body text)
    num_id: str | None
    ilvl: int | None
    run_props: Props
    heading_by_name: int | None  # N when the style or one it is based on is "heading N"


@dataclass(frozen=True, slots=True)
class _Style:
    style_id: str
    kind: str
    name: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None


def _child(element: etree._Element | None, tag: str) -> etree._Element | None:
    if element is None:
        return None
    return element.find(tag)


def _val(element: etree._Element | None) -> str | None:
    return None if element is None else element.get(f"{W}val")


class Styles:
    """The styles part, resolved lazily and cached per style id."""

    def __init__(self, root: etree._Element | None) -> None:
        self._elements: dict[str, etree._Element] = {}
        self._styles: dict[str, _Style | None] = {}
        self._default_paragraph: str | None = None
        self._default_character: str | None = None
        self.default_run_props: Props = {}
        self.default_language: str | None = None
        self._paragraph_cache: dict[str | None, ParagraphStyle] = {}
        self._character_cache: dict[str | None, tuple[Props, bool]] = {}
        self._run_cache: dict[tuple[str | None, str | None], tuple[Props, bool]] = {}
        self._format_cache: dict[
            tuple[str | None, str | None], tuple[tuple[bool, bool, bool, bool], bool, bool]
        ] = {}
        if root is not None:
            self._load(root)

    def _load(self, root: etree._Element) -> None:
        defaults = root.find(f"{W}docDefaults")
        default_rpr = _child(_child(defaults, f"{W}rPrDefault"), f"{W}rPr")
        self.default_run_props = run_props(default_rpr)
        self.default_language = _val(_child(default_rpr, f"{W}lang"))
        for element in root.iterchildren(f"{W}style"):
            style_id = element.get(f"{W}styleId")
            if style_id is None:
                continue
            self._elements.setdefault(style_id, element)
            if element.get(f"{W}default") is not None and on_off(element, f"{W}default"):
                kind = element.get(f"{W}type") or "paragraph"
                if kind == "paragraph" and self._default_paragraph is None:
                    self._default_paragraph = style_id
                elif kind == "character" and self._default_character is None:
                    self._default_character = style_id

    def _style(self, style_id: str) -> _Style | None:
        """One style, built from its element on first use."""
        if style_id in self._styles:
            return self._styles[style_id]
        element = self._elements.get(style_id)
        style = None
        if element is not None:
            parts: dict[str, etree._Element] = {}
            for child in element.iterchildren():
                if isinstance(child.tag, str):
                    parts.setdefault(child.tag, child)
            style = _Style(
                style_id,
                element.get(f"{W}type") or "paragraph",
                _val(parts.get(f"{W}name")) or style_id,
                _val(parts.get(f"{W}basedOn")),
                parts.get(f"{W}pPr"),
                parts.get(f"{W}rPr"),
            )
        self._styles[style_id] = style
        return style

    def _chain(self, style_id: str | None) -> list[_Style]:
        """The style and the ones it is based on, nearest first (cycles cut)."""
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id is not None and style_id not in seen:
            seen.add(style_id)
            style = self._style(style_id)
            if style is None:
                break
            chain.append(style)
            style_id = style.based_on
        return chain

    @property
    def language_of_normal(self) -> str | None:
        """w:lang of the default paragraph style (fallback for the document language)."""
        for style in self._chain(self._default_paragraph):
            lang = _val(_child(style.rpr, f"{W}lang"))
            if lang:
                return lang
        return None

    def paragraph(self, style_id: str | None) -> ParagraphStyle:
        """Resolve a paragraph style id (None or unknown = the default paragraph style)."""
        cached = self._paragraph_cache.get(style_id)
        if cached is None:
            cached = self._paragraph_cache[style_id] = self._resolve_paragraph(style_id)
        return cached

    def _resolve_paragraph(self, style_id: str | None) -> ParagraphStyle:
        if style_id is None or style_id not in self._elements:
            style_id = self._default_paragraph
        chain = self._chain(style_id)
        name = chain[0].name if chain else "Normal"
        outline: int | None = None
        num_id: str | None = None
        ilvl: int | None = None
        heading_by_name: int | None = None
        props: Props = dict(self.default_run_props)
        for style in reversed(chain):  # farthest ancestor first, nearest style wins
            props.update(run_props(style.rpr))
            match = _HEADING_NAME.match(style.name.strip())
            if match:
                heading_by_name = int(match.group(1))
            level = to_int(_val(_child(style.ppr, f"{W}outlineLvl")))
            if level is not None:
                outline = level
            numpr = _child(style.ppr, f"{W}numPr")
            if numpr is not None:
                num_id = _val(numpr.find(f"{W}numId")) or num_id
                ilvl = to_int(_val(numpr.find(f"{W}ilvl")))
        return ParagraphStyle(name, outline, num_id, ilvl, props, heading_by_name)

    def paragraph_numbering_of(self, style_id: str) -> str | None:
        """w:numId a (numbering) style carries: target of an abstractNum's numStyleLink."""
        for style in self._chain(style_id):
            num_id = _val(_child(_child(style.ppr, f"{W}numPr"), f"{W}numId"))
            if num_id:
                return num_id
        return None

    def character(self, style_id: str | None) -> tuple[Props, bool]:
        """Props of a character style chain, and whether it is "Placeholder Text"."""
        cached = self._character_cache.get(style_id)
        if cached is None:
            props: Props = {}
            placeholder = False
            for style in reversed(self._chain(style_id or self._default_character)):
                props.update(run_props(style.rpr))
                placeholder = placeholder or style.name.strip().lower() == PLACEHOLDER_STYLE_NAME
            cached = self._character_cache[style_id] = (props, placeholder)
        return cached

    def run_base(self, paragraph_style: str | None, character_style: str | None) -> Props:
        """Formatting a run gets before its own w:rPr: paragraph chain, then character chain."""
        key = (paragraph_style, character_style)
        cached = self._run_cache.get(key)
        if cached is None:
            props = dict(self.paragraph(paragraph_style).run_props)
            char_props, placeholder = self.character(character_style)
            props.update(char_props)
            cached = self._run_cache[key] = (props, placeholder)
        return cached[0]

    def run_format(
        self, paragraph_style: str | None, character_style: str | None
    ) -> tuple[tuple[bool, bool, bool, bool], bool, bool]:
        """((bold, italic, underline, strike), hidden, placeholder) before direct formatting."""
        key = (paragraph_style, character_style)
        cached = self._format_cache.get(key)
        if cached is None:
            props = self.run_base(paragraph_style, character_style)
            fmt = (
                props.get("bold", False),
                props.get("italic", False),
                props.get("underline", False),
                props.get("strike", False),
            )
            placeholder = self.is_placeholder_style(character_style)
            cached = self._format_cache[key] = (fmt, props.get("hidden", False), placeholder)
        return cached

    def is_placeholder_style(self, character_style: str | None) -> bool:
        return self.character(character_style)[1] if character_style else False


def to_int(value: str | None) -> int | None:
    """An integer attribute value, or None when absent or malformed."""
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def attr(element: etree._Element, name: str) -> str | None:
    """A w: attribute value (helper shared by the reader modules)."""
    value: Any = element.get(f"{W}{name}")
    return value if isinstance(value, str) else None
