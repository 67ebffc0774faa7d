"""What every sheet of completeness.xlsx is written with: text made storable, tables written with
pandas and kept as text, the notes on changed cells, widths, row heights, colours, print setup.

Every text goes in as text: a value that looks like a formula stays a string, characters XML
forbids become U+FFFD (a ``replaced_characters`` note), and a text longer than Excel's 32,767
characters is cut with a visible marker (a ``cell_truncated`` note); the notes reach the
Messages sheet.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import pandas as pd
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from docxmerge.i18n import make_message, t
from docxmerge.model import FLAG_REPLACED_CHARACTERS, Message, Question

EXCEL_CELL_LIMIT = 32_767
# XML 1.0 forbids most C0 controls; lone surrogates and U+FFFE/U+FFFF cannot be stored either.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@")
STATUS_COLOURS = {
    "answered": "C6EFCE",
    "declined": "DDEBF7",
    "placeholder": "FFEB9C",
    "empty": "FFC7CE",
    "missing": "F4B084",
    "unreadable": "E6B8B7",
    "blank_form": "E4DFEC",
    "not_received": "D9D9D9",
    "not_asked": "EDEDED",  # grey: not on the form's version, not counted
    "unchanged": "A9D08E",  # a deeper green than answered: the same as in the previous round
    "no_form_now": "D9D9D9",
    "read": "C6EFCE",
    "superseded": "EDEDED",
    "skipped": "EDEDED",
}
BOLD = Font(name="Calibri", size=11, bold=True)  # openpyxl's default font, made bold
WRAPPED = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
MAX_WIDTH = 60
LINE_POINTS = 15.0  # one line of 11 pt Calibri
MAX_ROW_POINTS = 409.0  # Excel's tallest row
_SHORT_QUESTION = 40

Row = list[object]


def cell_text(value: str, lang: str) -> str:
    """``value`` made storable: forbidden characters replaced, capped with a marker.

    Excel counts UTF-16 code units: an emoji takes two of the 32,767.
    """
    clean = _FORBIDDEN.sub("\ufffd", value)
    if not too_long(clean):
        return clean
    marker = " " + t("cell.truncated", lang)
    budget = EXCEL_CELL_LIMIT - _utf16_length(marker)
    kept = clean[:budget]
    while _utf16_length(kept) > budget:
        kept = kept[: len(kept) - (_utf16_length(kept) - budget + 1) // 2]
    return kept + marker


def too_long(text: str) -> bool:
    """Whether ``text`` passes the 32,767 UTF-16 units of one Excel cell."""
    return len(text) > EXCEL_CELL_LIMIT // 2 and _utf16_length(text) > EXCEL_CELL_LIMIT


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def short_question(question: Question) -> str:
    """Column header: "1.1 " and the question text cut at a word near 40 characters."""
    text = " ".join(question.text.split())
    if len(text) > _SHORT_QUESTION:
        cut = text[:_SHORT_QUESTION].rsplit(" ", 1)[0] or text[:_SHORT_QUESTION]
        text = cut.rstrip(" ,.;:") + "…"
    return f"{question.id} {text}"


# A question in a cell that is copied from (Contacts' "what is missing"): whole, up to this
# many characters. The fixtures' longest question is 101; a template's paragraph of guidance
# parsed as a question can run to thousands, and a row of several such would pass Excel's
# tallest row (409 pt) unread. 500 is five full lines at the column's width of 50 and more
# than any question a clerk types into a reminder.
_FULL_QUESTION = 500


def full_question(question: Question) -> str:
    """A list line: "1.1 " and the question's whole text on one line (white space as one
    space), cut at a word only past :data:`_FULL_QUESTION` characters."""
    text = " ".join(question.text.split())
    if len(text) > _FULL_QUESTION:
        cut = text[:_FULL_QUESTION].rsplit(" ", 1)[0] or text[:_FULL_QUESTION]
        text = cut.rstrip(" ,.;:") + "…"
    return f"{question.id} {text}"


def full_text_comment(cell: Cell | MergedCell, question: Question, lang: str) -> None:
    """The question's whole text as a comment on its column header (cut by short_question)."""
    comment = Comment(cell_text(f"{question.id} {question.text}", lang), "docxmerge")
    comment.width, comment.height = 300, 150
    cell.comment = comment


def matrix_header(
    sheet: Worksheet, questions: Sequence[Question], lang: str, last_column: int
) -> None:
    """The header row of a respondent x question sheet (Completeness, Changes): bold and
    wrapped up to ``last_column``, 60 points tall; each question's column (from B) 18 wide with
    the question's whole text as a comment; the header and first column frozen."""
    for column in range(1, last_column + 1):
        sheet.cell(row=1, column=column).alignment = WRAPPED
        sheet.cell(row=1, column=column).font = BOLD
    for column, question in enumerate(questions, start=2):
        full_text_comment(sheet.cell(row=1, column=column), question, lang)
        sheet.column_dimensions[get_column_letter(column)].width = 18
    sheet.row_dimensions[1].height = 60
    sheet.freeze_panes = "B2"


def write_table(
    writer: pd.ExcelWriter, name: str, header: Sequence[str], rows: Sequence[Row], lang: str
) -> Worksheet:
    """Write header and rows with pandas; every text stays text (see _keep_text_as_text)."""

    def clean(value: object) -> object:
        return cell_text(value, lang) if isinstance(value, str) else value

    columns = [cell_text(h, lang) for h in header]
    table: list[Row] = [list(columns), *([clean(v) for v in row] for row in rows)]
    frame = pd.DataFrame(table[1:], columns=columns, dtype=object)
    frame.to_excel(writer, sheet_name=name, index=False)
    sheet: Worksheet = writer.sheets[name]
    _keep_text_as_text(sheet, table)
    return sheet


def cell_notes(
    sheet: str, header: Sequence[str], rows: Sequence[Row], files: Sequence[str]
) -> list[Message]:
    """A note for each cell whose text :func:`cell_text` changes: ``replaced_characters`` (to
    U+FFFD) and ``cell_truncated``; ``files`` names each row's source file ("" for none)."""
    found: list[Message] = []
    for row_number, (row, file) in enumerate(zip([header, *rows], ["", *files], strict=True), 1):
        for column, value in enumerate(row, start=1):
            if not isinstance(value, str):
                continue
            location = f"{sheet}/{get_column_letter(column)}{row_number}"
            if _FORBIDDEN.search(value):
                found.append(make_message(file, location, FLAG_REPLACED_CHARACTERS))
            if too_long(value):
                found.append(make_message(file, location, "cell_truncated"))
    return found


def plain_sheet(
    writer: pd.ExcelWriter, name: str, header: list[str], rows: list[Row], lang: str
) -> Worksheet:
    """A list sheet: bold header, columns as wide as their text, frozen header, filter."""
    sheet = write_table(writer, name, header, rows, lang)
    for column, title in enumerate(header, start=1):
        values = [title, *(str(row[column - 1]) for row in rows)]
        sheet.column_dimensions[get_column_letter(column)].width = width(values, minimum=10)
        sheet.cell(row=1, column=column).font = BOLD
    sheet.freeze_panes = "A2"
    print_setup(sheet)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    return sheet


def print_setup(sheet: Worksheet, pages_wide: int = 1) -> None:
    """Landscape A4 (openpyxl's default is Letter; the forms and the report are A4), the header
    row repeated on every printed page, shrunk to ``pages_wide`` pages across (a sheet of long
    texts spreads over several, its first column repeated on each: shrunk to one page it
    cannot be read)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"
    if pages_wide > 1:
        sheet.print_title_cols = "A:A"
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def pages_across(sheet: Worksheet, columns: int) -> int:
    """How many landscape A4 pages the first ``columns`` columns take at about full size: a
    page holds some 130 characters' width (25.9 cm between Excel's default margins)."""
    letters = (get_column_letter(n) for n in range(1, columns + 1))
    total = sum(sheet.column_dimensions[c].width or DEFAULT_WIDTH for c in letters)
    return max(1, math.ceil(total / _PAGE_CHARACTERS))


_PAGE_CHARACTERS = 130
DEFAULT_WIDTH = 8.43  # Excel's standard column width, in characters


def width(values: Iterable[str], minimum: int) -> float:
    """A column width for these texts: the longest line, within [minimum, 60]."""
    longest = max((max(map(len, v.split("\n")), default=0) for v in values), default=0)
    return float(min(max(longest + 2, minimum), MAX_WIDTH))


def lines_in(text: str, column_width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``column_width`` wide, counted as that
    many characters less one: a width counts digit "0"s, and text in Calibri is narrower, but
    LibreOffice without Calibri shows a wider font; a row a line too tall is better than a
    line cut off."""
    per_line = max(int(column_width) - 1, 1)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def fit_rows(sheet: Worksheet, widths: dict[int, float], first_row: int = 2, most: int = 0) -> None:
    """Row heights for the wrapped texts of the columns in ``widths`` (column -> width): Excel
    and LibreOffice keep a written file's default heights, and wrapped lines then overlap.
    Every cell of a row is aligned to its top. ``most`` caps a row at that many lines (0:
    Excel's tallest row)."""
    for number, row in enumerate(sheet.iter_rows(min_row=first_row), start=first_row):
        lines = 1
        for cell in row:
            column_width = widths.get(int(cell.column or 0))
            if column_width is not None and isinstance(cell.value, str):
                lines = max(lines, lines_in(cell.value, column_width))
                cell.alignment = WRAPPED
            else:
                cell.alignment = _TOP
        if lines > 1:
            lines = min(lines, most) if most else lines
            sheet.row_dimensions[number].height = min(lines * LINE_POINTS, MAX_ROW_POINTS)


# The comparison with the previous round, on the Changes sheet ("unchanged": as above)
COMPARISON_COLOURS = {
    "new": "BDD7EE",  # blue
    "changed": "FFD966",  # amber: what to read
    "dropped": "F4B084",  # orange
}


def fill(status: str) -> PatternFill:
    """The solid fill of a status colour (or of a comparison word's)."""
    colour = STATUS_COLOURS.get(status) or COMPARISON_COLOURS[status]
    return PatternFill(start_color=colour, end_color=colour, fill_type="solid")


def colour_words(sheet: Worksheet, block: str, words: Iterable[tuple[str, str]]) -> None:
    """Colour the cells of ``block`` holding each (word, status) pair's word in that status's
    fill: a few range rules for the whole block (one rule per cell is ten times slower)."""
    for word, status in words:
        rule = Rule(
            type="cellIs",
            operator="equal",
            formula=['"' + word.replace('"', '""') + '"'],
            dxf=DifferentialStyle(fill=fill(status)),
        )
        sheet.conditional_formatting.add(block, rule)


def legend(
    sheet: Worksheet, first_row: int, title: str, lines: Sequence[tuple[str, str, str]]
) -> None:
    """A legend below a table, from ``first_row``: a bold title, then per line a word in its
    status's colour (status "" for none) and what it means."""
    sheet.cell(row=first_row, column=1, value=title).font = BOLD
    for offset, (word, status, meaning) in enumerate(lines, start=1):
        cell = sheet.cell(row=first_row + offset, column=1, value=word)
        if status:
            cell.fill = fill(status)
        sheet.cell(row=first_row + offset, column=2, value=meaning)


def _keep_text_as_text(sheet: Worksheet, table: Sequence[Row]) -> None:
    """openpyxl turns any string starting with "=" into a formula: make such cells strings again.

    quotePrefix also stops Excel from reading "=", "+", "-", "@" text as a formula on edit.
    Only the cells whose value (in ``table``, header first) starts so are touched.
    """
    for row_index, row in enumerate(table, start=1):
        for column_index, value in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith(_FORMULA_START):
                cell = sheet.cell(row=row_index, column=column_index)
                cell.data_type = "s"
                cell.quotePrefix = True


def technical_detail(code: str | None, detail: str | None) -> str:
    """The technical detail column: the code, then the detail for support ("damaged: not a
    complete zip: ..."); the clerk's columns carry the same in words."""
    return ": ".join(part for part in (code, detail) if part)
