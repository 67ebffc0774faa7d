"""Lookups the report builds on: styles by name, list numbering, relationship and image parts.

Each class resolves once and keeps dicts, so the cost per respondent stays constant. The small XML
helpers (``w``, ``clean``, escaping) are shared with :mod:`docxmerge.report`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

from lxml import etree

from docxmerge.model import Block, Image

Element = etree._Element
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_HYPERLINK = R + "/hyperlink"
RT_IMAGE = R + "/image"
RT_NUMBERING = R + "/numbering"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{tag}"


# XML 1.0 forbids most C0 controls; lone surrogates and U+FFFE/U+FFFF cannot be stored either.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def has_forbidden(text: str) -> bool:
    """Whether :func:`clean` would replace a character of ``text`` by U+FFFD."""
    return _FORBIDDEN.search(text) is not None


def clean(text: str) -> str:
    """``text`` made storable in XML: CR line ends become \\n, forbidden characters U+FFFD."""
    return _FORBIDDEN.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def xml_text(value: str) -> str:
    """Escape character data (the caller has removed characters XML forbids)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(value: str) -> str:
    """Escape an attribute value written in double quotes, after removing forbidden characters."""
    return (
        xml_text(clean(value)).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    )


# ---------------------------------------------------------------------- styles

_HEADING_SIZES = {1: 32, 2: 26, 3: 24}


def _default_style_xml(kind: str, style_id: str, name: str) -> str:
    """A minimal definition for a style the template lacks (Word's built-in look, roughly)."""
    body = '<w:basedOn w:val="{normal}"/><w:next w:val="{normal}"/><w:qFormat/>'
    level = int(name[-1]) if name.startswith("heading ") else 0
    if level:
        size = _HEADING_SIZES.get(level, 24)
        body += (
            f'<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="60"/>'
            f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
            f'<w:rPr><w:b/><w:sz w:val="{size}"/></w:rPr>'
        )
    elif name == "title":
        body += '<w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="56"/></w:rPr>'
    elif name == "subtitle":
        body += '<w:rPr><w:color w:val="5A5A5A"/><w:sz w:val="32"/></w:rPr>'
    elif name == "list paragraph":
        body += '<w:pPr><w:ind w:left="720"/><w:contextualSpacing/></w:pPr>'
    elif name.startswith("toc ") and name[-1].isdigit():  # "toc 1": a contents entry
        indent = 220 * (int(name[-1]) - 1)
        body += f'<w:pPr><w:spacing w:after="100"/><w:ind w:left="{indent}"/></w:pPr>'
    elif name == "respondent":  # the report's own: a respondent's name above each answer
        body += (
            '<w:pPr><w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" '
            'w:color="BFBFBF"/></w:pBdr><w:spacing w:before="200" w:after="60"/>'
            '<w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:color w:val="404040"/>'
            '<w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr>'
        )
    elif name == "toc heading":
        body += (
            '<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/></w:pPr>'
            '<w:rPr><w:b/><w:sz w:val="32"/></w:rPr>'
        )
    elif name == "table grid":
        body = (
            "<w:tblPr><w:tblBorders>"
            + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + '</w:tblBorders><w:tblCellMar><w:left w:w="108" w:type="dxa"/>'
            '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        )
    elif name == "hyperlink":
        body = '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'
    elif name == "normal":
        body = "<w:qFormat/>"
    builtin = name.startswith(("heading ", "toc ")) and name[-1].isdigit()
    display = name if builtin else name.title().replace("Toc", "TOC")
    custom = "1" if name == "respondent" else "0"
    return (
        f'<w:style xmlns:w="{W}" w:type="{kind}" w:customStyle="{custom}" w:styleId="{style_id}">'
        f'<w:name w:val="{display}"/>{body}</w:style>'
    )


class Styles:
    """Style ids by style *name* (the styleId is localized: Swedish Word writes "Rubrik1")."""

    def __init__(self, root: Element) -> None:
        self.root = root
        self.by_name: dict[tuple[str, str], str] = {}
        self.elements: dict[str, Element] = {}
        self.defaults: dict[str, str] = {}
        self._numbered: dict[str, bool] = {}
        for style in root.iterchildren(w("style")):
            style_id, kind = style.get(w("styleId")), style.get(w("type"), "paragraph")
            name = style.find(w("name"))
            if style_id is None:
                continue
            self.elements[style_id] = style
            if name is not None and name.get(w("val")):
                self.by_name.setdefault((kind, (name.get(w("val")) or "").lower()), style_id)
            if style.get(w("default")) in ("1", "true", "on"):
                self.defaults.setdefault(kind, style_id)

    def para(self, name: str) -> str:
        return self._resolve("paragraph", name)

    def char(self, name: str) -> str:
        return self._resolve("character", name)

    def table(self, name: str) -> str:
        return self._resolve("table", name)

    def _resolve(self, kind: str, name: str) -> str:
        key = (kind, name.lower())
        found = self.by_name.get(key)
        if found is None and key == ("paragraph", "normal") and "paragraph" in self.defaults:
            found = self.defaults["paragraph"]
        if found is None:
            found = self._add(kind, name.lower())
        return found

    def _add(self, kind: str, name: str) -> str:
        style_id = "".join(part.capitalize() for part in name.split()).replace("Toc", "TOC")
        while style_id in self.elements:
            style_id += "Dm"
        normal = self.para("Normal") if name != "normal" else style_id
        xml = _default_style_xml(kind, style_id, name).replace("{normal}", normal)
        element = etree.fromstring(xml)
        self.root.append(element)
        self.elements[style_id] = element
        self.by_name[(kind, name)] = style_id
        return style_id

    def numbered(self, style_id: str) -> bool:
        """Whether the style (or one it is based on) carries list numbering (§17.7.4.14)."""
        if style_id not in self._numbered:
            seen: set[str] = set()
            current: str | None = style_id
            found = False
            while current and current not in seen and current in self.elements:
                seen.add(current)
                style = self.elements[current]
                if style.find(f"{w('pPr')}/{w('numPr')}") is not None:
                    found = True
                    break
                based = style.find(w("basedOn"))
                current = based.get(w("val")) if based is not None else None
            self._numbered[style_id] = found
        return self._numbered[style_id]


# ---------------------------------------------------------------------- numbering

_BULLETS = ("•", "◦", "▪")
_NUM_FORMATS = {
    "decimal",
    "upperRoman",
    "lowerRoman",
    "upperLetter",
    "lowerLetter",
    "ordinal",
    "cardinalText",
    "ordinalText",
    "decimalZero",
    "bullet",
    "none",
}
_NUMBER_CYCLE = ("decimal", "lowerLetter", "lowerRoman")


def _list_formats(blocks: Sequence[Block]) -> tuple[str, ...]:
    """The numFmt of each of the 9 levels of one list, as seen in its items (else a default)."""
    seen: dict[int, str] = {}
    for block in blocks:
        level = min(max(block.list_level or 0, 0), 8)
        fmt = block.list_format or "bullet"
        seen.setdefault(level, fmt if fmt in _NUM_FORMATS else "decimal")
    bullets = seen.get(0, next(iter(seen.values()), "bullet")) == "bullet"
    return tuple(
        seen.get(level, "bullet" if bullets else _NUMBER_CYCLE[level % 3]) for level in range(9)
    )


def _levels(blocks: Sequence[Block]) -> range:
    """Levels 0 up to the deepest one the list uses."""
    return range(min(max(max(b.list_level or 0 for b in blocks), 0), 8) + 1)


class Numbering:
    """Numbering definitions: one w:abstractNum per list format, one w:num per list per answer."""

    def __init__(self, part: Any) -> None:
        self.root = _numbering_root(part)
        abstract_ids = _int_attrs(self.root, "abstractNum", "abstractNumId")
        self.next_abstract = max(abstract_ids, default=0) + 1
        self.next_num = max(_int_attrs(self.root, "num", "numId"), default=0) + 1
        self.abstract_by_formats: dict[tuple[str, ...], str] = {}
        self.new_abstracts: list[Element] = []
        self.new_nums: list[str] = []

    def for_answer(self, blocks: Sequence[Block]) -> dict[str | None, str]:
        """A fresh w:num for each list in one answer (source num_id -> new numId)."""
        items: dict[str | None, list[Block]] = {}
        for block in blocks:
            if block.list_level is not None:
                items.setdefault(block.num_id, []).append(block)
        return {
            source: self._new_num(_list_formats(group), _levels(group))
            for source, group in items.items()
        }

    def _new_num(self, formats: tuple[str, ...], levels: range) -> str:
        abstract = self.abstract_by_formats.get(formats)
        if abstract is None:
            abstract = str(self.next_abstract)
            self.next_abstract += 1
            self.abstract_by_formats[formats] = abstract
            self.new_abstracts.append(_abstract_num(abstract, formats))
        num_id = str(self.next_num)
        self.next_num += 1
        # Word continues numbering across w:num sharing an abstractNum unless the start of each
        # level is overridden (§17.9.27 startOverride): so every answer's list starts at 1.
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="1"/></w:lvlOverride>'
            for level in levels
        )
        self.new_nums.append(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{overrides}</w:num>'
        )
        return num_id

    def finish(self) -> None:
        """Put the new definitions in schema order: abstractNum*, then num* (§17.9.17)."""
        first_num = next(
            (c for c in self.root if c.tag in (w("num"), w("numIdMacAtCleanup"))), None
        )
        for abstract in self.new_abstracts:
            if first_num is not None:
                first_num.addprevious(abstract)
            else:
                self.root.append(abstract)
        if not self.new_nums:
            return
        nums = etree.fromstring(
            f'<w:numbering xmlns:w="{W}">{"".join(self.new_nums)}</w:numbering>'
        )
        cleanup = self.root.find(w("numIdMacAtCleanup"))
        for num in list(nums):
            if cleanup is not None:
                cleanup.addprevious(num)
            else:
                self.root.append(num)


def _int_attrs(root: Element, tag: str, attribute: str) -> list[int]:
    values = (child.get(w(attribute)) or "" for child in root.iterchildren(w(tag)))
    return [int(value) for value in values if value.isdigit()]


def _abstract_num(abstract_id: str, formats: tuple[str, ...]) -> Element:
    abstract = etree.Element(w("abstractNum"), nsmap={"w": W})
    abstract.set(w("abstractNumId"), abstract_id)
    etree.SubElement(abstract, w("multiLevelType")).set(w("val"), "hybridMultilevel")
    for level, fmt in enumerate(formats):
        lvl = etree.SubElement(abstract, w("lvl"))
        lvl.set(w("ilvl"), str(level))
        etree.SubElement(lvl, w("start")).set(w("val"), "1")
        etree.SubElement(lvl, w("numFmt")).set(w("val"), fmt)
        if fmt == "bullet":
            text = _BULLETS[level % len(_BULLETS)]
        else:
            text = "" if fmt == "none" else f"%{level + 1}."
        etree.SubElement(lvl, w("lvlText")).set(w("val"), text)
        etree.SubElement(lvl, w("lvlJc")).set(w("val"), "left")
        ind = etree.SubElement(etree.SubElement(lvl, w("pPr")), w("ind"))
        ind.set(w("left"), str(720 * (level + 1)))
        ind.set(w("hanging"), "360")
    return abstract


def _numbering_root(part: Any) -> Element:
    """The numbering part's root, creating the part when the template has none."""
    for rel in part.rels.values():
        if rel.reltype == RT_NUMBERING and not rel.is_external:
            return rel.target_part.element  # type: ignore[no-any-return]
    from docx.opc.packuri import PackURI
    from docx.oxml.parser import parse_xml
    from docx.parts.numbering import NumberingPart

    element = parse_xml(f'<w:numbering xmlns:w="{W}"/>')
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
    numbering = NumberingPart(PackURI("/word/numbering.xml"), content_type, element, part.package)
    part.relate_to(numbering, RT_NUMBERING)
    return element


# ---------------------------------------------------------------------- relationships

_IMAGE_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpeg",
    "image/jpg": "jpeg",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/tiff": "tiff",
    "image/x-emf": "emf",
    "image/x-wmf": "wmf",
    "image/svg+xml": "svg",
}
_DEFAULT_IMAGE_EMU = 1_828_800  # 2 inches
_DRAWING = (
    "<w:r><w:drawing>"
    '<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
    '<wp:docPr id="{id}" name="Picture {id}" descr="{descr}"/><wp:cNvGraphicFramePr>'
    '<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic>'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
    '<pic:nvPicPr><pic:cNvPr id="0" name="image{id}"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
    "</a:graphic></wp:inline></w:drawing></w:r>"
)


class Relations:
    """Hyperlink and image relationships of the report part, kept in dicts (no rels scans)."""

    def __init__(self, part: Any, max_width_emu: int) -> None:
        self.part = part
        self.max_width_emu = max_width_emu
        self.links: dict[str, str] = {}
        self.images: dict[bytes, str] = {}
        self.next_rid = 1
        self.next_drawing = 100_000  # wp:docPr ids must be unique; stay clear of the template's
        self.partnames = {str(p.partname) for p in part.package.iter_parts()}

    def _rid(self) -> str:
        while f"rIdDm{self.next_rid}" in self.part.rels:
            self.next_rid += 1
        self.next_rid += 1
        return f"rIdDm{self.next_rid - 1}"

    def hyperlink_open(self, link: str) -> str:
        """``<w:hyperlink>`` to an external relationship (never fetched) or a bookmark."""
        if link.startswith("#"):
            return f'<w:hyperlink w:anchor="{xml_attr(link[1:])}">'
        rid = self.links.get(link)
        if rid is None:
            rid = self._rid()
            self.part.rels.add_relationship(RT_HYPERLINK, clean(link), rid, is_external=True)
            self.links[link] = rid
        return f'<w:hyperlink r:id="{rid}">'

    def image_run(self, image: Image) -> str:
        """A w:r holding an inline picture; identical pictures share one image part."""
        digest = hashlib.sha256(image.data).digest()
        rid = self.images.get(digest)
        if rid is None:
            rid = self._add_image_part(image.content_type, image.data)
            self.images[digest] = rid
        cx, cy = image.width_emu, image.height_emu
        if cx <= 0 or cy <= 0:
            cx = cy = _DEFAULT_IMAGE_EMU
        if cx > self.max_width_emu:
            cx, cy = self.max_width_emu, max(1, cy * self.max_width_emu // cx)
        self.next_drawing += 1
        descr = xml_attr(image.description)
        return _DRAWING.format(cx=cx, cy=cy, id=self.next_drawing, rid=rid, descr=descr)

    def _add_image_part(self, content_type: str, data: bytes) -> str:
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        ext = _IMAGE_EXTENSIONS.get(content_type.lower(), "bin")
        index = len(self.images) + 1
        while f"/word/media/docxmerge{index}.{ext}" in self.partnames:
            index += 1
        name = f"/word/media/docxmerge{index}.{ext}"
        self.partnames.add(name)
        part = Part(PackURI(name), content_type, data, self.part.package)
        rid = self._rid()
        self.part.rels.add_relationship(RT_IMAGE, part, rid)
        return rid
