"""Inline content of one paragraph: runs, fields, run-level controls, images, text boxes.

The accepted view of tracked changes is read (ECMA-376 Part 1 §17.13.5): w:ins and w:moveTo
are kept, w:del and w:moveFrom dropped. Complex fields (§17.16.2) keep their result and drop
their instructions; the field stack lives as long as the part, because a field may open in one
paragraph and close in another (a table of contents does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from docxmerge.docx.controls import control_parts
from docxmerge.docx.field_codes import (
    checkbox_state,
    dropdown_entries,
    dropdown_value,
    hyperlink_target,
    symbol_char,
    text_input_type,
)
from docxmerge.docx.styles import RUN_PROP_TAGS, W_VAL, Props, Styles, W, set_prop
from docxmerge.model import Control, FormField, Image, Message

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
M_STRICT = "{http://purl.oclc.org/ooxml/officeDocument/math}"
WNE = "{http://schemas.microsoft.com/office/word/2006/wordml}"

T_R, T_T, T_RPR, T_RSTYLE = f"{W}r", f"{W}t", f"{W}rPr", f"{W}rStyle"
T_PPR = f"{W}pPr"
T_HYPERLINK, T_SDT, T_SDTCONTENT = f"{W}hyperlink", f"{W}sdt", f"{W}sdtContent"
T_FLDSIMPLE, T_FLDCHAR, T_INSTR = f"{W}fldSimple", f"{W}fldChar", f"{W}instrText"
T_TAB, T_PTAB, T_BR, T_CR, T_SYM = f"{W}tab", f"{W}ptab", f"{W}br", f"{W}cr", f"{W}sym"
T_NBHYPHEN, T_DRAWING, T_PICT, T_OBJECT = (
    f"{W}noBreakHyphen",
    f"{W}drawing",
    f"{W}pict",
    f"{W}object",
)
T_ALT, T_CHOICE, T_FALLBACK = (
    f"{MC}AlternateContent",
    f"{MC}Choice",
    f"{MC}Fallback",
)
T_RUBY = f"{W}ruby"
T_BLIP, T_INLINE, T_ANCHOR = f"{A}blip", f"{WP}inline", f"{WP}anchor"
# Office Math in either namespace (package.py leaves the Strict math namespace as it is)
MATH_TAGS = frozenset(f"{ns}{name}" for ns in (M, M_STRICT) for name in ("oMath", "oMathPara"))
MATH_TEXT = (f"{M}t", f"{M_STRICT}t")
# Word writes the text box content as wne:txbxContent in Strict files
TXBX_TAGS = frozenset({f"{W}txbxContent", f"{WNE}txbxContent"})
# Containers whose children are ordinary inline content (accepted view, §17.13.5; §17.5.1)
TRANSPARENT = frozenset(
    f"{W}{name}" for name in ("ins", "moveTo", "smartTag", "customXml", "dir", "bdo")
)
_READABLE = frozenset({T_T, T_DRAWING, T_R, f"{W}p", T_SYM, T_BLIP, *TXBX_TAGS})
EN_SPACE = "\u2002"
MAX_IMAGE_BYTES = 5 * 1024 * 1024


def choose_branch(alternate: etree._Element) -> etree._Element | None:
    """mc:AlternateContent: read mc:Choice, unless it holds nothing readable (then Fallback)."""
    choice = alternate.find(T_CHOICE)
    fallback = alternate.find(T_FALLBACK)
    if choice is not None and any(e.tag in _READABLE for e in choice.iter()):
        return choice
    return fallback if fallback is not None else choice


class Piece(NamedTuple):
    """A stretch of text (or one image) with its formatting, before runs are merged."""

    text: str
    fmt: tuple[bool, bool, bool, bool]  # bold, italic, underline, strike
    link: str | None
    placeholder: bool
    image: Image | None = None


@dataclass(slots=True)
class ParagraphContent:
    pieces: list[Piece] = field(default_factory=list)
    form_fields: list[FormField] = field(default_factory=list)
    run_controls: list[Control] = field(default_factory=list)
    textboxes: list[etree._Element] = field(default_factory=list)


@dataclass(slots=True)
class _Field:
    ffdata: etree._Element | None
    instr: list[str] = field(default_factory=list)
    in_result: bool = False
    link: str | None = None
    result: list[str] = field(default_factory=list)
    start: tuple[int, int] | None = None  # (paragraph serial, piece index) at separate


@dataclass(frozen=True, slots=True)
class PartResources:
    """What inline reading needs from the package for one part."""

    styles: Styles
    hyperlink: Callable[[str], str | None]  # relationship id -> external URL
    image_loader: Callable[[etree._Element], Image | None]  # a:blip -> image (None = skip)
    # sdtPr, level, content (a list control shows its choice there), offset in the paragraph
    control_builder: Callable[[etree._Element, str, etree._Element, int | None], Control]
    messages: list[Message]


class InlineReader:
    """Reads paragraphs of one part; keeps the complex-field stack across paragraphs."""

    def __init__(self, resources: PartResources) -> None:
        self._res = resources
        self._styles = resources.styles
        self._fields: list[_Field] = []
        self._serial = 0
        self._content = ParagraphContent()
        self._pstyle: str | None = None

    def read(
        self, paragraph: etree._Element, style_id: str | None, placeholder: bool
    ) -> ParagraphContent:
        """Everything visible inside one w:p (text boxes are returned, not read)."""
        self._serial += 1
        self._content = ParagraphContent([], [], [], [])  # positional: no default factories
        self._pstyle = style_id
        self._walk(paragraph, None, placeholder)
        return self._content

    def reset_fields(self) -> None:
        """Forget unclosed fields (end of a part)."""
        self._fields = []

    def detach_fields(self) -> list[_Field]:
        """Set the open fields aside (while a text box is read) and start afresh."""
        saved, self._fields = self._fields, []
        return saved

    def attach_fields(self, saved: list[_Field]) -> None:
        self._fields = saved

    # ------------------------------------------------------------------ containers

    def _walk(self, parent: etree._Element, link: str | None, placeholder: bool) -> None:
        for child in parent:
            tag = child.tag
            if tag == T_R:
                self._run(child, link, placeholder)
            elif tag == T_PPR:
                continue  # every other paragraph has one: skip the tests below
            elif tag in TRANSPARENT:
                self._walk(child, link, placeholder)
            elif tag == T_HYPERLINK:
                self._walk(child, self._hyperlink(child) or link, placeholder)
            elif tag == T_SDT:
                self._run_control(child, link, placeholder)
            elif tag == T_FLDSIMPLE:
                # §17.16.19: the children of a simple field are its current result
                instr = child.get(f"{W}instr") or ""
                self._walk(child, hyperlink_target(instr) or link, placeholder)
            elif tag == T_ALT:
                branch = choose_branch(child)
                if branch is not None:
                    self._walk(branch, link, placeholder)
            elif tag in MATH_TAGS:
                text = "".join(t.text or "" for t in child.iter(*MATH_TEXT))
                self._emit(text, (False, False, False, False), link, placeholder)
            # w:del, w:moveFrom, w:pPr, bookmarks, proofErr, comment ranges: nothing visible

    def _hyperlink(self, element: etree._Element) -> str | None:
        rid = element.get(f"{R}id")
        url = self._res.hyperlink(rid) if rid else None
        anchor = element.get(f"{W}anchor")
        if url and anchor:
            return f"{url}#{anchor}"
        if url:
            return url
        return f"#{anchor}" if anchor else None

    def _run_control(self, sdt: etree._Element, link: str | None, placeholder: bool) -> None:
        sdtpr, content = control_parts(sdt)
        if content is None:
            return
        control = self._res.control_builder(sdtpr, "run", content, self._text_length())
        self._content.run_controls.append(control)
        self._walk(content, link, placeholder or control.showing_placeholder)

    def _text_length(self) -> int:
        """How much text the paragraph has so far: where the next piece starts."""
        return sum(len(piece.text) for piece in self._content.pieces)

    # ------------------------------------------------------------------ runs

    def _run(self, run: etree._Element, link: str | None, placeholder: bool) -> None:
        rpr = run[0] if len(run) else None  # CT_R: w:rPr comes first
        rstyle: str | None = None
        direct: Props = {}
        if rpr is not None and rpr.tag == T_RPR:
            for prop in rpr:
                tag = prop.tag
                if tag == T_RSTYLE:
                    rstyle = prop.get(W_VAL)
                elif tag in RUN_PROP_TAGS:
                    set_prop(direct, RUN_PROP_TAGS[tag], prop)
        fmt, hidden, style_placeholder = self._styles.run_format(self._pstyle, rstyle)
        if direct:
            fmt = (
                direct.get("bold", fmt[0]),
                direct.get("italic", fmt[1]),
                direct.get("underline", fmt[2]),
                direct.get("strike", fmt[3]),
            )
            hidden = direct.get("hidden", hidden)
        placeholder = placeholder or style_placeholder
        pieces = self._content.pieces
        for child in run:
            tag = child.tag
            if tag == T_T:
                text = child.text
                if hidden or not text:
                    continue
                if self._fields:
                    self._emit(text, fmt, link, placeholder)
                else:  # the common case, kept short: no field is open
                    pieces.append(Piece(text, fmt, link, placeholder))
            elif tag == T_FLDCHAR:
                self._field_char(child, fmt, link, placeholder)
            elif tag == T_INSTR:
                if self._fields and not self._fields[-1].in_result:
                    self._fields[-1].instr.append(child.text or "")
            elif hidden:
                continue
            elif tag in (T_TAB, T_PTAB):
                self._emit("\t", fmt, link, placeholder)
            elif tag == T_BR:
                # §17.3.3.1: only a text-wrapping break is a line break, not page/column
                if (child.get(f"{W}type") or "textWrapping") == "textWrapping":
                    self._emit("\n", fmt, link, placeholder)
            elif tag == T_CR:
                self._emit("\n", fmt, link, placeholder)
            elif tag == T_SYM:
                char = symbol_char(child.get(f"{W}font"), child.get(f"{W}char"))
                self._emit(char, fmt, link, placeholder)
            elif tag == T_NBHYPHEN:
                self._emit("-", fmt, link, placeholder)
            elif tag in (T_DRAWING, T_PICT, T_ALT, T_OBJECT):
                self._graphics(child, fmt, link, placeholder)
            elif tag == T_RUBY:
                base = child.find(f"{W}rubyBase")  # §17.3.3.25: the guide text (w:rt) is not read
                if base is not None:
                    self._walk(base, link, placeholder)
            # w:softHyphen, w:delText, w:delInstrText, w:lastRenderedPageBreak: nothing

    def _emit(
        self, text: str, fmt: tuple[bool, bool, bool, bool], link: str | None, placeholder: bool
    ) -> None:
        if not text:
            return
        if self._fields:
            if self._in_instructions():
                return
            top = self._fields[-1]
            top.result.append(text)
            link = link or next((f.link for f in reversed(self._fields) if f.link), None)
        self._content.pieces.append(Piece(text, fmt, link, placeholder))

    def _in_instructions(self) -> bool:
        return any(not f.in_result for f in self._fields)

    # ------------------------------------------------------------------ graphics

    def _graphics(
        self,
        element: etree._Element,
        fmt: tuple[bool, bool, bool, bool],
        link: str | None,
        placeholder: bool,
    ) -> None:
        if self._in_instructions():
            return
        blips: list[etree._Element] = []
        _scan_graphics(element, blips, self._content.textboxes)
        for blip in blips:
            image = self._res.image_loader(blip)
            if image is not None:
                self._content.pieces.append(Piece("", fmt, link, placeholder, image))

    # ------------------------------------------------------------------ complex fields

    def _field_char(
        self,
        char: etree._Element,
        fmt: tuple[bool, bool, bool, bool],
        link: str | None,
        placeholder: bool,
    ) -> None:
        kind = char.get(f"{W}fldCharType")
        if kind == "begin":
            self._fields.append(_Field(char.find(f"{W}ffData")))
        elif kind == "separate" and self._fields:
            top = self._fields[-1]
            if not top.in_result:
                top.in_result = True
                top.link = hyperlink_target("".join(top.instr))
                top.start = (self._serial, len(self._content.pieces))
        elif kind == "end" and self._fields:
            self._finish_field(self._fields.pop(), fmt, link, placeholder)

    def _finish_field(
        self,
        fld: _Field,
        fmt: tuple[bool, bool, bool, bool],
        link: str | None,
        placeholder: bool,
    ) -> None:
        words = "".join(fld.instr).split()
        code = words[0].upper() if words else ""
        if code not in ("FORMTEXT", "FORMCHECKBOX", "FORMDROPDOWN") or self._in_instructions():
            return
        ffdata = fld.ffdata
        name_el = ffdata.find(f"{W}name") if ffdata is not None else None
        name = (name_el.get(f"{W}val") or None) if name_el is not None else None
        shown = "".join(fld.result)
        start = self._result_start(fld)
        if code == "FORMTEXT":
            # Word shows an untouched text field as five EN SPACEs: that is empty
            if shown and not shown.strip(EN_SPACE):
                shown = ""
                self._drop_result_pieces(fld)
            kind = text_input_type(ffdata)
            self._content.form_fields.append(FormField("text", name, shown, None, (), kind, start))
        elif code == "FORMCHECKBOX":
            checked = checkbox_state(ffdata)
            glyph = "☒" if checked else "☐"
            offset = self._text_length()
            field_ = FormField("checkbox", name, glyph, checked, (), "regular", offset)
            self._content.form_fields.append(field_)
            self._emit(glyph, fmt, link, placeholder)
        else:
            value = dropdown_value(ffdata)
            entries = dropdown_entries(ffdata)
            offset = start if shown else self._text_length()
            field_ = FormField("dropdown", name, value, None, entries, "regular", offset)
            self._content.form_fields.append(field_)
            if not shown:
                self._emit(value, fmt, link, placeholder)

    def _result_start(self, fld: _Field) -> int:
        """Where a field's result starts in this paragraph's text (0: it began earlier)."""
        if fld.start is None or fld.start[0] != self._serial:
            return 0
        return sum(len(piece.text) for piece in self._content.pieces[: fld.start[1]])

    def _drop_result_pieces(self, fld: _Field) -> None:
        if fld.start is None or fld.start[0] != self._serial:
            return
        tail = self._content.pieces[fld.start[1] :]
        if all(p.image is None and not p.text.strip(EN_SPACE) for p in tail):
            del self._content.pieces[fld.start[1] :]


def _scan_graphics(
    element: etree._Element, blips: list[etree._Element], boxes: list[etree._Element]
) -> None:
    """Collect a:blip images and top-level text boxes, reading one mc branch only."""
    tag = element.tag
    if tag in TXBX_TAGS:
        boxes.append(element)
    elif tag == T_BLIP:
        blips.append(element)
    elif tag == T_ALT:
        branch = choose_branch(element)
        if branch is not None:
            _scan_graphics(branch, blips, boxes)
    else:
        for child in element:
            _scan_graphics(child, blips, boxes)
