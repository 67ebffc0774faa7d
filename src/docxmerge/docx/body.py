"""Block-level walk of one part: paragraphs in reading order, tables flattened, controls kept.

Every paragraph becomes a :class:`model.Block`, including empty ones (forms use them as answer
slots), paragraphs inside content controls at block, row and cell level (ECMA-376 Part 1
§17.5.2), table cells (nested tables get a deeper :class:`model.TablePos`) and text boxes (read
once, right after the paragraph that anchors them).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from typing import NamedTuple

from lxml import etree

from docxmerge.docx.controls import build_control, control_parts, first_grandchild
from docxmerge.docx.data_store import DataStore, guarded
from docxmerge.docx.inline import (
    MAX_IMAGE_BYTES,
    T_ALT,
    T_ANCHOR,
    T_INLINE,
    T_SDT,
    T_SDTCONTENT,
    WP,
    InlineReader,
    ParagraphContent,
    PartResources,
    Piece,
    R,
    choose_branch,
)
from docxmerge.docx.numbering import Numbering
from docxmerge.docx.package import FATAL_CODES, Package, Relationship
from docxmerge.docx.styles import RUN_PROP_TAGS, W_VAL, Props, Styles, W, set_prop, to_int
from docxmerge.model import Block, Control, Image, Message, Run, TablePos, UnreadableError

T_P, T_PPR, T_PSTYLE, T_TBL = f"{W}p", f"{W}pPr", f"{W}pStyle", f"{W}tbl"
T_TR, T_TC, T_TRPR = f"{W}tr", f"{W}tc", f"{W}trPr"
T_NUMPR, T_NUMID, T_ILVL, T_OUTLINE = f"{W}numPr", f"{W}numId", f"{W}ilvl", f"{W}outlineLvl"
T_DOCPARTOBJ, T_GALLERY = f"{W}docPartObj", f"{W}docPartGallery"
T_RPR, T_DEL, T_MOVE_FROM = f"{W}rPr", f"{W}del", f"{W}moveFrom"
HIDDEN_TAGS = frozenset(tag for tag, key in RUN_PROP_TAGS.items() if key == "hidden")
BLOCK_TRANSPARENT = frozenset({f"{W}customXml", f"{W}ins", f"{W}moveTo"})
_IMAGE_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "emf": "image/x-emf",
    "wmf": "image/x-wmf",
    "svg": "image/svg+xml",
}


@dataclass(frozen=True, slots=True)
class _Context:
    """Where the walk is: enclosing controls, table cell, text box."""

    controls: tuple[Control, ...] = ()
    placeholder: bool = False
    table: TablePos | None = None
    in_textbox: bool = False


def _val(element: etree._Element | None, name: str = "val") -> str | None:
    return None if element is None else element.get(f"{W}{name}")


class PartReader:
    """Reads the block content of one part (body, header, comment, glossary entry)."""

    def __init__(
        self,
        package: Package,
        part: str,
        styles: Styles,
        numbering: Numbering,
        glossary: dict[str, str],
        messages: list[Message],
        file_name: str = "",
    ) -> None:
        self._styles = styles
        self._numbering = numbering
        # What reaches into the package lives apart: the inline reader gets its methods, and
        # none of them refers back to this reader (no reference cycle: a document's blocks
        # are freed as soon as it is done with, not at the next garbage collection)
        self._links = _PartLinks(package, part, glossary, messages, file_name)
        links = self._links
        resources = PartResources(styles, links.hyperlink, links.image, links.control, messages)
        self._inline = InlineReader(resources)
        self._tables = 0
        # (style, numId, ilvl, outline) as written -> what a block takes from them
        self._layouts: dict[tuple[str | None, str | None, int | None, int | None], _Layout] = {}
        # a paragraph whose mark is deleted, waiting to be joined to the next one
        self._pending: tuple[_ParagraphProps, ParagraphContent] | None = None
        self.blocks: list[Block] = []

    # ------------------------------------------------------------------ containers

    def read(self, container: etree._Element) -> list[Block]:
        """Read a container's blocks; returns the blocks added by this call."""
        start = len(self.blocks)
        self._container(container, _Context())
        self._inline.reset_fields()
        return self.blocks[start:]

    def _container(self, element: etree._Element, ctx: _Context) -> None:
        # (the reader loops over elements, not iterchildren(): the same children, less call cost)
        for child in element:
            tag = child.tag
            if tag == T_P:
                self._paragraph(child, ctx)
            elif tag == T_TBL:
                self._table(child, ctx)
            elif tag == T_SDT:
                self._block_control(child, ctx)
            elif tag in BLOCK_TRANSPARENT:
                self._container(child, ctx)
            elif tag == T_ALT:
                branch = choose_branch(child)
                if branch is not None:
                    self._container(branch, ctx)
            elif tag == f"{W}altChunk":
                self._links.message(
                    "alt_chunk_skipped", "An embedded document (altChunk) was not read."
                )
            # w:sectPr, w:del, w:moveFrom, bookmarks: nothing to read
        self._flush_pending(ctx)

    def _block_control(self, sdt: etree._Element, ctx: _Context) -> None:
        inner = self._enter_control(sdt, "block", ctx)
        if inner is not None:
            self._container(inner[0], inner[1])

    def _enter_control(
        self, sdt: etree._Element, level: str, ctx: _Context
    ) -> tuple[etree._Element, _Context] | None:
        """The control's content and the context inside it; None when it must be skipped."""
        sdtpr, content = control_parts(sdt)
        if content is None:
            return None
        gallery = _val(first_grandchild(sdtpr, T_DOCPARTOBJ, T_GALLERY))
        if gallery == "Table of Contents":
            return None  # a generated table of contents is not an answer
        control = self._links.control(sdtpr, level, content, None)
        inner = _Context(  # not dataclasses.replace(): that costs microseconds per call
            (*ctx.controls, control),
            ctx.placeholder or control.showing_placeholder,
            ctx.table,
            ctx.in_textbox,
        )
        return content, inner

    # ------------------------------------------------------------------ tables

    def _table(self, table: etree._Element, ctx: _Context) -> None:
        self._flush_pending(ctx)  # a paragraph never joins into a table
        self._tables += 1
        number = self._tables
        depth = ctx.table.depth + 1 if ctx.table is not None else 1
        rows = [0]
        self._rows(table, ctx, number, depth, rows)

    def _rows(
        self, parent: etree._Element, ctx: _Context, number: int, depth: int, rows: list[int]
    ) -> None:
        for child in parent:
            tag = child.tag
            if tag == T_TR:
                if not _row_deleted(child):
                    pos = TablePos(number, rows[0], 0, depth, _row_width(child))
                    self._cells(child, ctx, pos)
                    rows[0] += 1
            elif tag == T_SDT:
                inner = self._enter_control(child, "row", ctx)
                if inner is not None:
                    self._rows(inner[0], inner[1], number, depth, rows)
            elif tag in BLOCK_TRANSPARENT:
                self._rows(child, ctx, number, depth, rows)

    def _cells(self, row: etree._Element, ctx: _Context, pos: TablePos) -> int:
        cell = pos.cell
        for child in row:
            tag = child.tag
            if tag == T_TC:
                table = TablePos(pos.table, pos.row, cell, pos.depth, pos.cells)
                self._container(
                    child, _Context(ctx.controls, ctx.placeholder, table, ctx.in_textbox)
                )
                cell += 1
            elif tag == T_SDT:
                inner = self._enter_control(child, "cell", ctx)
                if inner is not None:
                    cell = self._cells(inner[0], inner[1], replace(pos, cell=cell))
            elif tag in BLOCK_TRANSPARENT:
                cell = self._cells(child, ctx, replace(pos, cell=cell))
        return cell

    # ------------------------------------------------------------------ paragraphs

    def _paragraph(self, paragraph: etree._Element, ctx: _Context) -> None:
        props = _paragraph_props(paragraph)
        content = self._inline.read(paragraph, props.style_id, ctx.placeholder)
        if self._pending is not None:
            content = _join(self._pending[1], content)
            self._pending = None
        if props.mark_deleted:
            # A deleted paragraph mark joins this paragraph to the next one (accepted view)
            self._pending = (props, content)
            return
        layout = self._layout_of(props)
        hidden = layout.hidden if props.mark_hidden is None else props.mark_hidden
        if hidden and not content.textboxes and not any(p.text.strip() for p in content.pieces):
            return  # a hidden paragraph (§17.3.2.41 on the mark) is not shown at all
        self._emit_block(layout, content, ctx)

    def _flush_pending(self, ctx: _Context) -> None:
        """A deleted paragraph mark with nothing after it in the container: keep its text."""
        pending, self._pending = self._pending, None
        if pending is not None and (pending[1].pieces or pending[1].textboxes):
            self._emit_block(self._layout_of(pending[0]), pending[1], ctx)

    def _layout_of(self, props: _ParagraphProps) -> _Layout:
        key = props[:4]  # style, numId, ilvl, outline
        layout = self._layouts.get(key)
        if layout is None:
            layout = self._layouts[key] = self._layout(props)
        return layout

    def _emit_block(self, layout: _Layout, content: ParagraphContent, ctx: _Context) -> None:
        pieces = content.pieces
        bold = False
        for piece in pieces:
            if piece.image is None and piece.text.strip():
                if not piece.fmt[0]:
                    bold = False
                    break
                bold = True
        run_controls = content.run_controls
        self.blocks.append(
            Block(  # positional, in the field order of model.Block
                len(self.blocks),  # index
                pieces[0].text if len(pieces) == 1 else "".join([p.text for p in pieces]),
                _merge_runs(pieces),
                layout.style,
                layout.heading_level,
                layout.list_level,
                layout.num_id,
                layout.list_format,
                bold,
                ctx.table,
                (*ctx.controls, *run_controls) if run_controls else ctx.controls,
                tuple(content.form_fields),
                ctx.in_textbox,
            )
        )
        for box in content.textboxes:
            saved = self._inline.detach_fields()
            self._container(box, replace(ctx, in_textbox=True))
            self._inline.attach_fields(saved)

    def _layout(self, props: _ParagraphProps) -> _Layout:
        """Style name, heading level and list of a paragraph with these properties."""
        style = self._styles.paragraph(props.style_id)
        num_id = props.num_id or style.num_id
        ilvl = props.ilvl if props.ilvl is not None else style.ilvl
        list_level = list_format = None
        if num_id and num_id != "0" and self._numbering.has(num_id):
            list_level = ilvl or 0
            list_format = self._numbering.level_format(num_id, list_level)
        else:
            num_id = None
        outline = props.outline if props.outline is not None else style.outline_level
        if outline is not None:
            heading = outline + 1 if 0 <= outline < 9 else None
        else:
            heading = style.heading_by_name
        if props.outline is None and style.name.strip().lower() == "title":
            heading = None  # the Title style is no heading level: the template decides
        hidden = style.run_props.get("hidden", False)
        return _Layout(style.name, heading, list_level, num_id, list_format, hidden)


class _PartLinks:
    """What the readers of one part take from the package: relationships, pictures, the
    glossary's prompts; messages about them."""

    def __init__(
        self,
        package: Package,
        part: str,
        glossary: dict[str, str],
        messages: list[Message],
        file_name: str,
    ) -> None:
        self._package = package
        self._part = part
        self._glossary = glossary
        self._messages = messages
        self._file = file_name
        self._rels: dict[str, Relationship] | None = None  # read on first use
        self._images: dict[str, Image | None] = {}
        self._store: DataStore | None = None  # read on the first data-bound control

    def control(
        self, sdtpr: etree._Element, level: str, content: etree._Element, offset: int | None
    ) -> Control:
        """Build a Control from w:sdtPr and w:sdtContent (see controls.build_control)."""
        return build_control(sdtpr, level, content, self._glossary, self._bound_value, offset)

    def _bound_value(self, binding: etree._Element) -> str | None:
        if self._store is None:
            read = guarded(self._package.read_xml)
            self._store = DataStore(read, self._related_parts, self._part)
        return self._store.value(binding)

    def _related_parts(self, source: str, kind: str) -> list[str]:
        try:
            rels = self._package.relationships(source)
        except UnreadableError as error:
            if error.code in FATAL_CODES:
                raise
            return []
        return [r.target for r in rels if r.kind == kind and not r.external]

    def hyperlink(self, rid: str) -> str | None:
        """External URL of a hyperlink relationship (internal targets are not links)."""
        rel = self._relationship(rid)
        return rel.target if rel is not None and rel.external else None

    def image(self, blip: etree._Element) -> Image | None:
        """The picture an a:blip embeds, sized as placed; None when it is left out."""
        rid = blip.get(f"{R}embed")
        rel = self._relationship(rid)
        if rel is None or rel.external or not self._package.has(rel.target):
            return None  # linked (external) pictures are never fetched
        if rel.target not in self._images:
            self._images[rel.target] = self._load_image(rel.target)
        image = self._images[rel.target]
        if image is None:
            return None
        width, height, description = _extent(blip)
        return replace(image, width_emu=width, height_emu=height, description=description)

    def message(self, code: str, text: str) -> None:
        self._messages.append(Message(self._file, self._part, code, text))

    def _relationship(self, rid: str | None) -> Relationship | None:
        if rid is None:
            return None
        if self._rels is None:
            self._rels = {rel.id: rel for rel in self._package.relationships(self._part)}
        return self._rels.get(rid)

    def _load_image(self, target: str) -> Image | None:
        try:
            data = self._package.read_bytes(target)
        except UnreadableError as error:
            if error.code in FATAL_CODES:
                raise
            self.message("image_skipped", f"Image {target} could not be read; left out.")
            return None
        if len(data) > MAX_IMAGE_BYTES:
            self.message("image_too_large", f"Image {target} is larger than 5 MB; left out.")
            return None
        extension = posixpath.splitext(target)[1].lstrip(".").lower()
        content_type = self._package.content_type(target) or _IMAGE_TYPES.get(extension, "")
        return Image(content_type, data, 0, 0)


class _Layout(NamedTuple):
    style: str
    heading_level: int | None
    list_level: int | None
    num_id: str | None
    list_format: str | None
    hidden: bool  # the style hides its text (§17.3.2.14 vanish)


class _ParagraphProps(NamedTuple):
    """The parts of w:pPr the reader uses, read in one pass."""

    style_id: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    mark_deleted: bool = False
    mark_hidden: bool | None = None


_NO_PROPS = _ParagraphProps()  # a paragraph without w:pPr (the most common kind)


def _paragraph_props(paragraph: etree._Element) -> _ParagraphProps:
    ppr = paragraph[0] if len(paragraph) else None  # CT_P: w:pPr comes first
    if ppr is not None and ppr.tag != T_PPR:
        ppr = paragraph.find(T_PPR) if not isinstance(ppr.tag, str) else None
    if ppr is None:
        return _NO_PROPS
    style_id = num_id = None
    ilvl = outline = mark_hidden = None
    mark_deleted = False
    for child in ppr:
        tag = child.tag
        if tag == T_PSTYLE:
            style_id = child.get(W_VAL)
        elif tag == T_NUMPR:
            for item in child:
                if item.tag == T_NUMID:
                    num_id = item.get(W_VAL)
                elif item.tag == T_ILVL:
                    ilvl = to_int(item.get(W_VAL))
        elif tag == T_OUTLINE:
            outline = to_int(child.get(W_VAL))
        elif tag == T_RPR:
            hidden: Props = {}
            for item in child:
                mark_tag = item.tag
                if mark_tag in (T_DEL, T_MOVE_FROM):
                    mark_deleted = True
                elif mark_tag in HIDDEN_TAGS:
                    set_prop(hidden, "hidden", item)
            mark_hidden = hidden.get("hidden")
    return _ParagraphProps(style_id, num_id, ilvl, outline, mark_deleted, mark_hidden)


def _extent(blip: etree._Element) -> tuple[int, int, str]:
    for ancestor in blip.iterancestors(T_INLINE, T_ANCHOR):
        extent = ancestor.find(f"{WP}extent")
        doc_pr = ancestor.find(f"{WP}docPr")
        width = to_int(extent.get("cx")) if extent is not None else None
        height = to_int(extent.get("cy")) if extent is not None else None
        description = (doc_pr.get("descr") or "") if doc_pr is not None else ""
        return width or 0, height or 0, description
    return 0, 0, ""


def _row_width(row: etree._Element) -> int:
    """How many cells a row holds, also inside cell-level controls and revisions."""
    count = 0
    for child in row:
        tag = child.tag
        if tag == T_TC:
            count += 1
        elif tag == T_SDT:
            content = child.find(T_SDTCONTENT)
            count += _row_width(content) if content is not None else 0
        elif tag in BLOCK_TRANSPARENT:
            count += _row_width(child)
    return count


def _row_deleted(row: etree._Element) -> bool:
    trpr = row.find(T_TRPR)
    return trpr is not None and trpr.find(f"{W}del") is not None  # tracked row deletion


def _join(first: ParagraphContent, second: ParagraphContent) -> ParagraphContent:
    """Two paragraphs as one (a deleted paragraph mark); the second's offsets move along."""
    shift = sum(len(piece.text) for piece in first.pieces)
    return ParagraphContent(
        first.pieces + second.pieces,
        first.form_fields + [replace(f, offset=f.offset + shift) for f in second.form_fields],
        first.run_controls
        + [replace(c, offset=(c.offset or 0) + shift) for c in second.run_controls],
        first.textboxes + second.textboxes,
    )


def _merge_runs(pieces: list[Piece]) -> tuple[Run, ...]:
    """Adjacent pieces with identical formatting become one Run."""
    if len(pieces) == 1:  # the common case: one piece is one Run
        only = pieces[0]
        bold, italic, underline, strike = only.fmt
        return (
            Run(
                only.text, bold, italic, underline, strike, only.link, only.placeholder, only.image
            ),
        )
    groups: list[tuple[Piece, list[str]]] = []
    for piece in pieces:
        if groups and piece.image is None:
            first, texts = groups[-1]
            if first.image is None and (first.fmt, first.link, first.placeholder) == (
                piece.fmt,
                piece.link,
                piece.placeholder,
            ):
                texts.append(piece.text)
                continue
        groups.append((piece, [piece.text]))
    runs: list[Run] = []
    for first, texts in groups:
        bold, italic, underline, strike = first.fmt
        text = "".join(texts)
        runs.append(
            Run(text, bold, italic, underline, strike, first.link, first.placeholder, first.image)
        )
    return tuple(runs)
