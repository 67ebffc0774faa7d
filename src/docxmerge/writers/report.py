"""report.docx: the merged report, built on the template's own styles, numbering and theme.

python-docx only opens the template package and saves it; the body is built in one pass with lxml
(python-docx's add_paragraph/add_heading scan the body or the styles on every call: quadratic).
Everything that needs a lookup (styles by name, list definitions, relationships) lives in
:mod:`docxmerge.writers.report_parts`, resolved once or kept in dicts: the cost per respondent
is constant.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

import docx
from lxml import etree

from docxmerge.answers.tally import current_responses, shown_status
from docxmerge.docx.package import Package
from docxmerge.i18n import make_message, t
from docxmerge.model import (
    FLAG_REPLACED_CHARACTERS,
    Answer,
    Block,
    DiffPiece,
    Message,
    Question,
    Response,
    Run,
    RunResult,
    UnreadableError,
)
from docxmerge.writers.atomic import write_atomically
from docxmerge.writers.report_parts import (
    Numbering,
    R,
    Relations,
    Styles,
    W,
    clean,
    has_forbidden,
    w,
    xml_attr,
    xml_text,
)
from docxmerge.writers.report_text import (
    Heading,
    absent_notes,
    choice_comment,
    choice_rows,
    compared_lines,
    cover_lines,
    numbered_title,
    outline,
    overview_rows,
    question_notes,
)

Element = etree._Element
_SPLIT = re.compile(r"(\t|\n)")
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_SMALL_PRINT = 16  # half-points: 8 pt, for the overview
# A text table's cell margins, left and right, in twips (the style's are 108): ten columns of
# the default margins took a quarter of an A4 page's width from the words (§17.4.42 tblCellMar).
_CELL_MARGIN = 57
_NARROW_MARGINS = (
    f'<w:tblCellMar><w:left w:w="{_CELL_MARGIN}" w:type="dxa"/>'
    f'<w:right w:w="{_CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
)
# Levels 1-2 only: sections and questions. Respondent names are level 3 (60 x 9 = 540 lines).
# \h links, \z no web-view page numbers, \u outline levels (TOC field, §17.16.5).
_TOC = ' TOC \\o "1-2" \\h \\z \\u '
_COVER_SPACE = 3600  # twips above the title on the cover: a quarter of an A4 page
_SPACE_ABOVE = '<w:spacing w:before="160"/>'  # a paragraph right under a table
_MARK_SPACE = '<w:spacing w:before="60"/>'  # the unchanged mark, clear of an answer's table
_BOOKMARK_IDS = 1_000_000  # w:bookmarkStart ids of the headings, clear of any in the answers


def write_report(result: RunResult, template_path: Path, path: Path) -> tuple[Message, ...]:
    """Write report.docx atomically, on the styles of the template at ``template_path``.

    Returns a ``replaced_characters`` message for each answer (file, "report.docx/<question>")
    whose text held characters XML cannot store: the report shows U+FFFD in their place.
    Raises :class:`~docxmerge.model.UnreadableError` (e.g. ``too_large``, ``zip_bomb``) for a
    template package.py refuses; the previous report is then left as it was.
    """
    document = open_template(Path(template_path))
    # The body is written out as it is built, beside the report: nothing outside --out.
    with tempfile.TemporaryFile(dir=Path(path).parent) as spool:
        builder = ReportBuilder(document, result, spool)
        builder.build()
        _set_properties(document, result)
        write_atomically(Path(path), builder.save)
    return tuple(
        make_message(file, location, FLAG_REPLACED_CHARACTERS)
        for file, location in builder.replaced
    )


def _set_properties(document: Any, result: RunResult) -> None:
    """The report's own core properties, not the template's author and dates."""
    properties = document.core_properties  # the title is set with the title page
    properties.author = properties.last_modified_by = "docxmerge"
    properties.comments = ""
    if result.run_date:
        when = dt.datetime.combine(dt.date.fromisoformat(result.run_date), dt.time())
        properties.created = properties.modified = when
    properties.revision = 1


def open_template(template_path: Path) -> Any:
    """The template as a python-docx Document; a .dotx/.docm/.dotm is opened as a plain .docx.

    A template python-docx cannot load (strict OOXML, a missing part it insists on) gives
    python-docx's blank document instead: the report then has Word's default look.
    Raises :class:`~docxmerge.model.UnreadableError` for a template package.py refuses.
    """
    data = _checked_template_bytes(template_path)
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError:
        pass  # python-docx refuses any main part content type but the .docx one
    except Exception:  # KeyError, BadZipFile, XMLSyntaxError, ... from python-docx's loader
        return docx.Document()
    try:
        document = docx.Document(io.BytesIO(_as_docx_package(data)))
    except Exception:
        return docx.Document()
    _drop_macros(document)
    return document


def _checked_template_bytes(template_path: Path) -> bytes:
    """The template's bytes once package.py has accepted it and inflated every part within its
    limits (file size, entries, part and total sizes): python-docx and ``zipfile.read``
    below inflate the same parts with no bound of their own. zipfile stops at a member's
    declared size, which package.py has checked."""
    package = Package.open(template_path)
    data = template_path.read_bytes()
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError) as exc:  # replaced since package.py read it
        raise UnreadableError("damaged", f"template: {exc}") from None
    for name in names:
        package.read_bytes(name)
    return data


def _as_docx_package(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "[Content_Types].xml":
                text = content.decode("utf-8")
                for main_type in _MAIN_TYPES:
                    text = text.replace(main_type, _DOCUMENT_TYPE)
                content = text.encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def _drop_macros(document: Any) -> None:
    """A .docx may not carry a VBA project: Word refuses such a file."""
    _drop_relationships(document.part, ("/vbaProject",))


# The template's comments belong to its own body, which the report replaces.
_COMMENT_RELATIONSHIPS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible")


def _drop_relationships(part: Any, type_endings: tuple[str, ...]) -> None:
    """Remove the part's relationships of these types (the target parts are then not saved)."""
    rels = part.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith(type_endings)]:
        del rels[rid]


class ReportBuilder:
    """Builds the whole report body into a python-docx Document, in one pass.

    Paragraphs are written as XML text (escaped here) and parsed by lxml once per question:
    about three times faster than creating each element from Python, and still linear.
    """

    def __init__(self, document: Any, result: RunResult, spool: IO[bytes] | None = None) -> None:
        self.document = document
        # The body goes to ``spool`` (a file), not into the tree, when the template's root
        # element leaves our namespace prefixes free: memory then stays flat per respondent
        self.spool = spool if spool is not None and _prefixes_free(document.element) else None
        self.marker = f"docxmerge-report-body-{uuid.uuid4().hex}"
        self.result = result
        self.lang = result.language
        self.body: Element = document.element.body
        self.section = self.body.find(_SECT_PR)
        self.text_width = _text_width(self.section)  # twips
        self.styles = Styles(document.styles.element)
        self.numbering = Numbering(document.part)
        self.relations = Relations(document.part, max_width_emu=self.text_width * 635)
        self.current = current_responses(result)
        self.answers = [{a.question_id: a for a in r.answers} for r in self.current]
        self.xml: list[str] = []
        self.bookmark_id = _BOOKMARK_IDS
        self.ppr: dict[str, str] = {}
        self.rpr: dict[tuple[bool, bool, bool, bool, bool, int], str] = {}
        self.link_style = self.styles.char("Hyperlink")
        # (file, location) of the text being written, and where characters were replaced
        self.where = ("", _REPORT)
        self.replaced: dict[tuple[str, str], None] = {}

    # ------------------------------------------------------------------ whole document

    def build(self) -> None:
        for child in list(self.body):
            self.body.remove(child)
        _drop_relationships(self.document.part, _COMMENT_RELATIONSHIPS)
        headings = outline(self.result)
        self._title_page()
        self._contents(headings)
        self._overview(headings[0])
        for heading in headings[1:]:
            if heading.question is None:
                self.heading(heading)
            else:
                self._question(heading, heading.question)
        self.flush()
        if self.spool is not None:  # the place of the spooled body, replaced in save()
            self.body.append(etree.Comment(self.marker))
        if self.section is not None:
            self.body.append(self.section)  # the body's sectPr stays last (§17.6.17)
        self.numbering.finish()
        prepare_settings(self.document.settings.element)
        title = " – ".join(x for x in (self.result.template.title, self.result.title) if x)
        self.document.core_properties.title = clean(title)

    def save(self, path: Path) -> None:
        """Save the document; a spooled body is put in place of its marker comment."""
        if self.spool is None:
            self.document.save(str(path))
            return
        with tempfile.TemporaryDirectory(dir=path.parent) as folder:
            saved = Path(folder) / "report.docx"
            self.document.save(str(saved))
            _splice_body(saved, self.spool, self.marker, path)

    def flush(self) -> None:
        """Parse the XML written so far and move its elements to the end of the body (or, when
        spooling, check that it parses and write it to the spool)."""
        if self.xml and self.spool is not None:
            data = "".join(self.xml).encode("utf-8")
            _check_well_formed(data)
            self.spool.write(data)
            self.xml.clear()
        if self.xml:
            chunk = etree.fromstring(f"<w:body {_NAMESPACES}>{''.join(self.xml)}</w:body>", _PARSER)
            for child in list(chunk):
                if child.tag == _TBL:
                    # lxml moves one large subtree between documents in quadratic time: move a
                    # big table's rows one by one instead.
                    rows = child.findall(_TR)
                    for row in rows:
                        child.remove(row)
                    self.body.append(child)
                    child.extend(rows)
                else:
                    self.body.append(child)
            self.xml.clear()

    def _title_page(self) -> None:
        """The cover: the template's title, the round, the date and how many responded."""
        result = self.result
        space = f'<w:spacing w:before="{_COVER_SPACE}"/>'
        self.paragraph(result.template.title, "Title", extra=space)
        if result.title:
            self.paragraph(result.title, "Subtitle")
        for line in cover_lines(result):
            self.paragraph(line, "Normal")
        self.page_break()

    def _contents(self, headings: list[Heading]) -> None:
        """A TOC field written out with its entries, each a link to its heading's bookmark with
        a PAGEREF for the page: any reader (and a PDF) shows the headings, Word updates the
        page numbers (w:dirty, and settings ask to update fields on open)."""
        self.paragraph(t("report.toc_title", self.lang), "TOC Heading")
        # No dot leader: until Word updates the page numbers there is nothing for it to lead to
        tabs = f'<w:tabs><w:tab w:val="right" w:pos="{self.text_width}"/></w:tabs>'
        for number, heading in enumerate(headings):
            out = [self._p_open(f"toc {heading.level}", extra=tabs)]
            if number == 0:
                out.append(_field_start(_TOC, dirty=True))
            out += [
                f'<w:hyperlink w:anchor="{heading.bookmark}" w:history="1">',
                self.run_xml(heading.text),
                "<w:r><w:tab/></w:r>",
                _field_start(f" PAGEREF {heading.bookmark} \\h "),
                '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink></w:p>',
            ]
            self.xml.append("".join(out))
        self.xml.append(
            f'{self._p_open("Normal")}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
        self.page_break()

    def _overview(self, heading: Heading) -> None:
        template = self.result.template
        self.heading(heading)
        self.paragraph(t("report.overview_note", self.lang), "Normal")
        # Columns headed by section number, titles in a legend above: full titles as headers
        # broke long words ("myndighetsutövning") over three lines in narrow columns.
        for section_spec in template.sections:
            self.paragraph(numbered_title(section_spec), "Normal", size=_SMALL_PRINT)
        self.text_table(overview_rows(self.result))
        for line in absent_notes(self.result):  # named once here, not under every question
            self.paragraph(line, "Normal", italic=True, extra=_SPACE_ABOVE)
        for line in compared_lines(self.result):
            self.paragraph(line, "Normal", italic=True, extra=_SPACE_ABOVE)
        self.page_break()

    def _question(self, heading: Heading, question: Question) -> None:
        """Question heading, each answer under its respondent's name, then in plain words who
        declined and who did not answer."""
        self.heading(heading)
        pairs = list(zip(self.current, self.answers, strict=True))
        if question.kind == "choice":
            self.text_table(choice_rows(question, pairs, self.lang), shares=(3, 1, 6))
        for response, answers in pairs:
            answer = answers.get(question.id)
            if answer is None or shown_status(answer) != "answered":
                continue
            self.where = (response.file.name, f"{_REPORT}/{question.id}")
            comparison = answer.comparison
            if question.kind == "date":
                self.paragraph(f"{_name(response)}: {answer.text}", "Normal")
            elif question.kind != "choice":
                self.paragraph(_name(response), _RESPONDENT_STYLE)
                if comparison is not None and comparison.difference:  # --show-changes
                    self.difference(comparison.difference)
                else:
                    self.answer(answer)
            elif comment := choice_comment(answer):  # the table said what was chosen
                self.paragraph(_name(response), _RESPONDENT_STYLE)
                self.answer(dataclasses.replace(answer, text=comment, blocks=()))
            else:
                comparison = None  # nothing of its own was printed: nothing to mark
            if self.result.mark_unchanged and comparison and comparison.word == "unchanged":
                nearly = (comparison.similarity or 1.0) < 1.0  # a word edited: say so
                mark = t(
                    "report.nearly_unchanged_mark" if nearly else "report.unchanged_mark", self.lang
                )
                self.paragraph(mark, "Normal", italic=True, size=_SMALL_PRINT, extra=_MARK_SPACE)
            self.where = ("", _REPORT)
        for line in question_notes(question, pairs, self.lang):
            self.paragraph(line, "Normal", italic=True)
        self.flush()

    # ------------------------------------------------------------------ answers

    def answer(self, answer: Answer) -> None:
        """The answer's blocks with their formatting; its plain text when it has no blocks."""
        if self.spool is not None and len(self.xml) >= _SPOOL_PIECES:
            self.flush()  # only whole elements are waiting here: keep what is held small
        blocks = tuple(answer.blocks) or tuple(  # decoded once when packed
            Block(index=i, text=line, runs=(Run(line),))
            for i, line in enumerate(answer.text.split("\n"))
        )
        lists = self.numbering.for_answer(blocks)
        for group in _table_groups(blocks):
            if group[0].table is None:
                self.xml.append(self.block_xml(group[0], lists))
            else:
                self.block_table(group, lists)

    def difference(self, pieces: Sequence[DiffPiece]) -> None:
        """A changed answer as its word-level difference from the previous round's, as Word's
        compare shows it: inserted text underlined, deleted text struck through; plain runs
        (no tracked changes), a paragraph per paragraph of either text."""
        if self.spool is not None and len(self.xml) >= _SPOOL_PIECES:
            self.flush()
        runs: list[str] = []
        last: DiffPiece = ("same", "")
        for kind, text in (*pieces, ("same", "\n")):
            if text == "\n":
                if runs:
                    self.xml.append(f"{self._p_open('Normal')}{''.join(runs)}</w:p>")
                runs = []
                continue
            if _glued(last, (kind, text)):
                runs.append(self.run_xml(" "))
            inserted, deleted = kind == "inserted", kind == "deleted"
            runs.append(self.run_xml(text, underline=inserted, strike=deleted))
            last = (kind, text)

    def block_xml(self, block: Block, lists: dict[str | None, str]) -> str:
        """One answer paragraph as XML; "" when it holds no text or picture."""
        runs = block.runs or (Run(block.text),)
        visible = _shown_runs(runs)
        if not visible:
            return ""  # nothing but Word's prompt, or an empty line
        if block.list_level is not None:
            level = min(max(block.list_level, 0), 8)
            out = [self._p_open("List Paragraph", (level, lists[block.num_id]))]
        else:
            out = [self._p_open("Normal")]
        for link, group in _link_groups(visible):
            if link:
                out.append(self.relations.hyperlink_open(link))
            out += [self.run(run, link_style=bool(link)) for run in group]
            if link:
                out.append("</w:hyperlink>")
        out.append("</w:p>")
        return "".join(out)

    def block_table(self, blocks: Sequence[Block], lists: dict[str | None, str]) -> None:
        cells: dict[tuple[int, int], list[Block]] = {}
        for block in blocks:
            assert block.table is not None
            cells.setdefault((block.table.row, block.table.cell), []).append(block)
        columns = max(cell for _, cell in cells) + 1
        out = [self._table_open([1] * columns)]
        for row in sorted({row for row, _ in cells}):
            out.append("<w:tr>")
            for column in range(columns):
                content = "".join(self.block_xml(b, lists) for b in cells.get((row, column), ()))
                # a cell must hold at least one paragraph (§17.4.66)
                out.append(f"<w:tc>{content or self._p_open('Normal') + '</w:p>'}</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.xml.append("".join(out))

    def run(self, run: Run, *, link_style: bool = False) -> str:
        if run.image is not None:
            return self.relations.image_run(run.image)
        return self.run_xml(
            run.text,
            bold=run.bold,
            italic=run.italic,
            underline=run.underline,
            strike=run.strike,
            link=link_style,
        )

    # ------------------------------------------------------------------ primitives

    def _p_open(self, style: str, numbering: tuple[int, str] | None = None, extra: str = "") -> str:
        """``<w:p>`` with its properties: the style resolved by name, list numbering if any,
        then ``extra`` (properties that follow numPr in CT_PPrBase: tabs, spacing...)."""
        ppr = self.ppr.get(style)
        if ppr is None:
            style_id = self.styles.para(style)
            ppr = f'<w:pStyle w:val="{xml_attr(style_id)}"/>'
            if self.styles.numbered(style_id):
                # the template numbers this style: our text already carries the number
                ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
            self.ppr[style] = ppr
        if numbering is not None:  # CT_PPrBase order: pStyle, keepNext, ..., numPr
            ppr = (
                f'<w:pStyle w:val="{xml_attr(self.styles.para(style))}"/><w:numPr>'
                f'<w:ilvl w:val="{numbering[0]}"/><w:numId w:val="{numbering[1]}"/></w:numPr>'
            )
        return f"<w:p><w:pPr>{ppr}{extra}</w:pPr>"

    def paragraph(
        self, text: str, style: str, *, italic: bool = False, size: int = 0, extra: str = ""
    ) -> None:
        run = self.run_xml(text, italic=italic, size=size)
        self.xml.append(f"{self._p_open(style, extra=extra)}{run}</w:p>")

    def heading(self, heading: Heading) -> None:
        """A heading of the outline, inside its bookmark (the contents link to it)."""
        self.bookmark_id += 1
        mark, run = self.bookmark_id, self.run_xml(heading.text)
        self.xml.append(
            f"{self._p_open(f'heading {heading.level}')}"
            f'<w:bookmarkStart w:id="{mark}" w:name="{heading.bookmark}"/>{run}'
            f'<w:bookmarkEnd w:id="{mark}"/></w:p>'
        )

    def page_break(self) -> None:
        self.xml.append(f'{self._p_open("Normal")}<w:r><w:br w:type="page"/></w:r></w:p>')

    def run_xml(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        strike: bool = False,
        link: bool = False,
        size: int = 0,
    ) -> str:
        """A w:r; tabs become w:tab, line breaks w:br, characters XML forbids U+FFFD.

        ``size`` is in half-points (0: the style's)."""
        key = (bold, italic, underline, strike, link, size)
        rpr = self.rpr.get(key)
        if rpr is None:
            # CT_RPr order: rStyle, b, i, strike, sz, szCs, u (ECMA-376 §17.3.2.28)
            rpr = "".join(
                (
                    f'<w:rStyle w:val="{xml_attr(self.link_style)}"/>' if link else "",
                    "<w:b/>" if bold else "",
                    "<w:i/>" if italic else "",
                    "<w:strike/>" if strike else "",
                    f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "",
                    '<w:u w:val="single"/>' if underline else "",
                )
            )
            rpr = self.rpr[key] = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        if not _SPECIAL.search(text):  # the common case: one w:t
            return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(text)}</w:t></w:r>'
        if has_forbidden(text):
            self.replaced[self.where] = None
        pieces = []
        for piece in _SPLIT.split(clean(text)):
            if piece == "\t":
                pieces.append("<w:tab/>")
            elif piece == "\n":
                pieces.append("<w:br/>")
            elif piece:
                pieces.append(f'<w:t xml:space="preserve">{xml_text(piece)}</w:t>')
        return f"<w:r>{rpr}{''.join(pieces)}</w:r>"

    def _table_open(self, widths: Sequence[int], margins: str = "") -> str:
        """``<w:tbl>`` with properties (``margins``: a ``w:tblCellMar``) and grid; ``widths``
        are shares of the text width."""
        total = sum(widths) or 1
        grid = "".join(
            f'<w:gridCol w:w="{max(self.text_width * share // total, 200)}"/>' for share in widths
        )
        return (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{xml_attr(self.styles.table("Table Grid"))}"/>'
            '<w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
            f"{margins}</w:tblPr>"
            f"<w:tblGrid>{grid}</w:tblGrid>"
        )

    def text_table(
        self, rows: list[list[str]], size: int = _SMALL_PRINT, shares: Sequence[int] = ()
    ) -> None:
        """A small-print table of texts; the first row is a bold header repeated on each page.

        Columns are as wide as their longest word (:func:`_column_widths`), so that words are
        not broken where the page allows, or take the given ``shares`` of the width."""
        columns = max(len(row) for row in rows)
        widths = list(shares) or _column_widths(rows, self.text_width, size)
        out = [self._table_open(widths, "" if shares else _NARROW_MARGINS)]
        for index, row in enumerate(rows):
            # rows never break across pages; the header row repeats (§17.4.49, §17.4.6)
            header = "<w:tblHeader/>" if index == 0 else ""
            out.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>")
            for column in range(columns):
                text = row[column] if column < len(row) else ""
                run = self.run_xml(text, bold=index == 0, size=size)
                out.append(f"<w:tc>{self._p_open('Normal')}{run}</w:p></w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.xml.append("".join(out))


# ---------------------------------------------------------------------- helpers


def _column_widths(rows: Sequence[Sequence[str]], text_width: int, size: int) -> list[int]:
    """Twips per column of a text table (``size`` in half-points): a column after the first as
    wide as its longest word, the first (names, wrapping at spaces after 30 characters) as its
    text; when they do not all fit, the first column gets what the others leave, if that holds
    its longest word (else these widths as shares of the text width: words may break).

    Shares alone left the first column its 30 characters when the overview gained a column with
    --previous, and broke the headers "Ändrade", "Oförändrade" and "Borttagna" mid-word."""
    # A character 0.6 em, a bold one (the header) 0.75 em: as wide as in DejaVu Sans, the
    # stand-in LibreOffice uses for Calibri (which is narrower) where it has no Carlito.
    per_char = size * 6
    columns = max(len(row) for row in rows)

    def need(column: int, measure: Callable[[str], int]) -> int:
        widths = (
            measure(row[column]) * per_char * (5 if n == 0 else 4) // 4
            for n, row in enumerate(rows)
            if column < len(row)
        )
        return max(widths, default=per_char) + 2 * _CELL_MARGIN

    def longest_word(text: str) -> int:
        return max(map(len, text.split()), default=1)

    needs = [need(0, lambda text: min(len(text), 30))]
    needs += [need(c, longest_word) for c in range(1, columns)]
    rest = text_width - sum(needs[1:])
    if sum(needs) <= text_width or rest < need(0, longest_word):
        return needs
    return [rest, *needs[1:]]


def _field_start(instruction: str, dirty: bool = False) -> str:
    """The runs that open a complex field up to its result (§17.16.18); the caller ends it."""
    begin = ' w:dirty="true"' if dirty else ""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"{begin}/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )


def _name(response: Response) -> str:
    return response.respondent or response.file.name


def _shown_runs(block_runs: Sequence[Run]) -> list[Run]:
    """The report's own rule for one answer paragraph: Word's prompt runs dropped, and the white
    space at either end trimmed across runs (pictures kept).

    Not a copy of match's cleaning: match trims the blocks it cuts prompts out of, but
    ``Answer.blocks`` promises no trimming, and the report applies this to whatever it is given.
    """
    runs = [run for run in block_runs if not run.placeholder]
    for index in (0, -1):
        while runs and runs[index].image is None:
            run = runs[index]
            text = run.text.lstrip() if index == 0 else run.text.rstrip()
            if text:
                if text != run.text:
                    runs[index] = dataclasses.replace(run, text=text)
                break
            del runs[index]
    return runs


def _table_groups(blocks: Sequence[Block]) -> Iterator[list[Block]]:
    """Consecutive blocks of one table together; every other block alone."""
    group: list[Block] = []
    for block in blocks:
        if group and (
            block.table is None
            or group[0].table is None
            or block.table.table != group[0].table.table
        ):
            yield group
            group = []
        group.append(block)
    if group:
        yield group


def _link_groups(runs: Sequence[Run]) -> Iterator[tuple[str | None, list[Run]]]:
    group: list[Run] = []
    for run in runs:
        if group and run.link != group[0].link:
            yield group[0].link, group
            group = []
        group.append(run)
    if group:
        yield group[0].link, group


def _text_width(section: Element | None) -> int:
    """Text width in twips from the section's page size and margins (A4 with 2.5 cm default)."""
    width, left, right = 11906, 1417, 1417
    if section is not None:
        size, margins = section.find(w("pgSz")), section.find(w("pgMar"))
        try:
            if size is not None:
                width = int(size.get(w("w"), width))
            if margins is not None:
                left = int(margins.get(w("left"), left))
                right = int(margins.get(w("right"), right))
        except ValueError:
            pass
    return max(width - left - right, 2000)


_TBL, _TR, _SECT_PR = w("tbl"), w("tr"), w("sectPr")
_PREFIXES = {
    "w": W,
    "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
_NAMESPACES = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _PREFIXES.items())
_BODY_OPEN = f"<w:body {_NAMESPACES}>".encode()
_SPOOL_CHUNK = 1 << 20
_SPOOL_PIECES = 2000  # XML pieces held before they go to the spool
_ROOT_START = re.compile(r"<(?![?!])")  # the first tag that is no declaration or comment


def _check_well_formed(body: bytes) -> None:
    """Raise ExpatError unless ``body`` is well-formed XML content with our prefixes bound.

    Our own XML, checked before it goes into the report: expat checks what lxml would (syntax,
    characters XML forbids, unbound prefixes with namespace processing on) without building
    a tree, in half the time (0.08 instead of 0.17 s for 1,000 respondents).
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.Parse(_BODY_OPEN, False)
    parser.Parse(body, False)
    parser.Parse(b"</w:body>", True)


def _prefixes_free(root: Element) -> bool:
    """Whether the document element binds none of our prefixes to another namespace."""
    return all(root.nsmap.get(prefix, uri) == uri for prefix, uri in _PREFIXES.items())


def _splice_body(package: Path, spool: IO[bytes], marker: str, path: Path) -> None:
    """Copy ``package`` to ``path`` with the spooled body in place of the marker comment.

    The document element gets the declarations of our prefixes it lacks (lxml would have put
    them on each element that uses them).
    """
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            info = zipfile.ZipInfo(item.filename, item.date_time)
            info.compress_type, info.external_attr = item.compress_type, item.external_attr
            if item.filename != "word/document.xml":
                target.writestr(info, data)
                continue
            text = data.decode("utf-8")
            comment = f"<!--{marker}-->"
            at = text.index(comment)
            head, tail = _declare_prefixes(text[:at]), text[at + len(comment) :]
            spool.seek(0, io.SEEK_END)
            large = spool.tell() > 1 << 30
            spool.seek(0)
            with target.open(info, "w", force_zip64=large) as member:
                member.write(head.encode("utf-8"))
                shutil.copyfileobj(spool, member, _SPOOL_CHUNK)
                member.write(tail.encode("utf-8"))


def _declare_prefixes(head: str) -> str:
    """``head`` (the document up to the body's content) with our prefixes declared on its root."""
    root_start = _ROOT_START.search(head)
    assert root_start is not None
    root_end = head.index(">", root_start.start())  # lxml writes ">" in values as "&gt;"
    declared = head[root_start.start() : root_end]
    missing = "".join(
        f' xmlns:{prefix}="{uri}"'
        for prefix, uri in _PREFIXES.items()
        if f"xmlns:{prefix}=" not in declared
    )
    return head[:root_end] + missing + head[root_end:]


# Our own XML: no entities to resolve; huge_tree lets a multi-megabyte answer paragraph through.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


# Anything that needs more than one plain w:t: tabs, breaks, CR, characters XML forbids.
_REPORT = "report.docx"  # the location prefix of the report's messages
_RESPONDENT_STYLE = "Respondent"  # report_parts: made when the template has no such style
_SPECIAL = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")


# ---------------------------------------------------------------------- settings

# CT_Settings is a sequence: w:updateFields must come before these (ECMA-376 §17.15.1.78).
_AFTER_UPDATE_FIELDS = {
    w(tag)
    for tag in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


def prepare_settings(settings: Element) -> None:
    """Ask Word to update fields (the TOC) on open; drop the form's editing protection."""
    # A form template is often protected for filling in forms only (w:documentProtection
    # w:edit="forms"): the report must be an ordinary editable document.
    for tag in ("documentProtection", "writeProtection", "formsDesign", "updateFields"):
        for node in settings.findall(w(tag)):
            settings.remove(node)
    update = etree.Element(w("updateFields"), nsmap={"w": W})
    update.set(w("val"), "true")
    following = next((c for c in settings if c.tag in _AFTER_UPDATE_FIELDS), None)
    if following is not None:
        following.addprevious(update)
    else:
        settings.append(update)


def _glued(before: DiffPiece, after: DiffPiece) -> bool:
    """A deleted piece that ends in a letter right before an inserted one that starts with
    one: at a paragraph's start neither has a space ("servicekedjan" struck, "Servicekedjan"
    underlined read "servicekedjanServicekedjan"); a space between them is shown."""
    return (
        before[0] == "deleted"
        and after[0] == "inserted"
        and before[1][-1:].isalnum()
        and after[1][:1].isalnum()
    )
