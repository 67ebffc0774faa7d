"""completeness.xlsx: the review sheet (Completeness, Files, Contacts, Messages), in the run's
language.

pandas writes the tables, openpyxl adds what pandas cannot: comments, colours, frozen panes,
autofilter, widths. Every text goes in as text: a value that looks like a formula stays a string,
characters XML forbids become U+FFFD (each such cell gets a ``replaced_characters`` row in the
Messages sheet), and cells are capped at Excel's 32,767 characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
from openpyxl.comments import Comment
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from docxmerge.answers.tally import answer_totals, answered_count, current_responses, unanswered
from docxmerge.i18n import (
    kind_text,
    location_text,
    make_message,
    message_text,
    reason_text,
    status_word,
    t,
)
from docxmerge.model import FLAG_REPLACED_CHARACTERS, Message, Question, Response, RunResult
from docxmerge.writers.atomic import write_atomically

EXCEL_CELL_LIMIT = 32_767
# XML 1.0 forbids most C0 controls; lone surrogates and U+FFFE/U+FFFF cannot be stored either.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@")
_STATUS_COLOURS = {
    "answered": "C6EFCE",
    "placeholder": "FFEB9C",
    "empty": "FFC7CE",
    "missing": "F4B084",
    "unreadable": "E6B8B7",
    "not_received": "D9D9D9",
}
_SHORT_QUESTION = 40
_BOLD = Font(name="Calibri", size=11, bold=True)  # openpyxl's default font, made bold
_MAX_WIDTH = 60

Row = list[object]


def write_workbook(result: RunResult, path: Path) -> None:
    """Write completeness.xlsx atomically."""
    write_atomically(Path(path), lambda tmp: _write(result, tmp))


def cell_text(value: str, lang: str) -> str:
    """``value`` made storable: forbidden characters replaced, capped with a marker.

    Excel counts UTF-16 code units: an emoji takes two of the 32,767.
    """
    clean = _FORBIDDEN.sub("\ufffd", value)
    if len(clean) <= EXCEL_CELL_LIMIT // 2 or _utf16_length(clean) <= EXCEL_CELL_LIMIT:
        return clean
    marker = " " + t("cell.truncated", lang)
    budget = EXCEL_CELL_LIMIT - _utf16_length(marker)
    kept = clean[:budget]
    while _utf16_length(kept) > budget:
        kept = kept[: len(kept) - (_utf16_length(kept) - budget + 1) // 2]
    return kept + marker


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _write(result: RunResult, tmp: Path) -> None:
    current = current_responses(result)
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        replaced = _completeness_sheet(writer, result, current)
        replaced += _files_sheet(writer, result)
        replaced += _contacts_sheet(writer, result, current)
        _messages_sheet(writer, result, replaced)


def _write_table(
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


def _replaced_cells(
    sheet: str, header: Sequence[str], rows: Sequence[Row], files: Sequence[str]
) -> list[Message]:
    """A ``replaced_characters`` message for each cell whose text cell_text will change to
    U+FFFD; ``files`` names the source file of each row ("" for the header and totals)."""
    found: list[Message] = []
    for row_number, (row, file) in enumerate(zip([header, *rows], ["", *files], strict=True), 1):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and _FORBIDDEN.search(value):
                location = f"{sheet}/{get_column_letter(column)}{row_number}"
                found.append(make_message(file, location, FLAG_REPLACED_CHARACTERS))
    return found


def _status_of(response: Response, questions: Sequence[Question]) -> list[str]:
    by_id = {answer.question_id: answer.status for answer in response.answers}
    return [by_id.get(question.id, "missing") for question in questions]


def short_question(question: Question) -> str:
    """Column header: "1.1 " and the question text cut at a word near 40 characters."""
    text = " ".join(question.text.split())
    if len(text) > _SHORT_QUESTION:
        cut = text[:_SHORT_QUESTION].rsplit(" ", 1)[0] or text[:_SHORT_QUESTION]
        text = cut.rstrip(" ,.;:") + "…"
    return f"{question.id} {text}"


def _without_answers(result: RunResult) -> list[tuple[str, str]]:
    """Respondents to chase who have no read form: whose only files were unreadable (named by
    ``--expected``), then those not received; with that status."""
    read = {r.respondent for r in result.responses if r.status == "read"}
    unreadable = [
        r.respondent
        for r in result.responses
        if r.status == "unreadable" and r.respondent and r.respondent not in read
    ]
    return [(name, "unreadable") for name in dict.fromkeys(unreadable)] + [
        (name, "not_received") for name in result.not_received or ()
    ]


def _respondent_name(response: Response) -> str:
    return response.respondent or response.file.name


def _completeness_sheet(
    writer: pd.ExcelWriter, result: RunResult, current: Sequence[Response]
) -> list[Message]:
    lang, questions = result.language, result.template.questions
    statuses = [_status_of(response, questions) for response in current]
    names = [_respondent_name(response) for response in current]
    counts = [answered_count(response) for response in current]
    files = [response.file.name for response in current]
    for name, status in _without_answers(result):
        statuses.append([status] * len(questions))
        names.append(name)
        counts.append(0)
        files.append("")
    rows: list[Row] = []
    for name, row_statuses, answered in zip(names, statuses, counts, strict=True):
        rows.append([name, *(status_word(s, lang) for s in row_statuses), answered])
    shares: Row = [t("row.answered_share", lang)]
    for column in range(len(questions)):
        answered = sum(1 for row_statuses in statuses if row_statuses[column] == "answered")
        shares.append(answered / len(statuses) if statuses else 0.0)
    total = answer_totals(result)[0]  # respondents without a read form answered nothing
    shares.append(total / (len(statuses) * len(questions)) if statuses and questions else 0.0)
    rows.append(shares)
    header = [
        t("col.respondent", lang),
        *(short_question(q) for q in questions),
        t("col.answered_count", lang),
    ]
    name = t("sheet.completeness", lang)
    sheet = _write_table(writer, name, header, rows, lang)
    _format_completeness(sheet, result, data_rows=len(statuses))
    return _replaced_cells(name, header, rows, [*files, ""])


def _format_completeness(sheet: Worksheet, result: RunResult, data_rows: int) -> None:
    lang, questions = result.language, result.template.questions
    last_col = len(questions) + 2
    share_row = data_rows + 2
    for offset, question in enumerate(questions):
        header = sheet.cell(row=1, column=offset + 2)
        comment = Comment(cell_text(f"{question.id} {question.text}", lang), "docxmerge")
        comment.width, comment.height = 300, 150
        header.comment = comment
        sheet.column_dimensions[get_column_letter(offset + 2)].width = 18
    for column in range(1, last_col + 1):
        header = sheet.cell(row=1, column=column)
        header.alignment = Alignment(wrap_text=True, vertical="top")
        header.font = _BOLD
        sheet.cell(row=share_row, column=column).font = _BOLD
    for column in range(2, last_col + 1):
        sheet.cell(row=share_row, column=column).number_format = "0%"
    sheet.row_dimensions[1].height = 60
    names = [str(sheet.cell(row=r, column=1).value or "") for r in range(2, share_row + 1)]
    sheet.column_dimensions["A"].width = _width(names, minimum=14)
    sheet.column_dimensions[get_column_letter(last_col)].width = 12
    sheet.freeze_panes = "B2"
    _print_setup(sheet)
    sheet.auto_filter.ref = f"A1:{get_column_letter(last_col)}{max(share_row - 1, 1)}"
    if data_rows and questions:
        # A few range rules for the whole status block: one rule per cell is 10x slower.
        block = f"B2:{get_column_letter(last_col - 1)}{data_rows + 1}"
        for status, colour in _STATUS_COLOURS.items():
            word = status_word(status, lang).replace('"', '""')
            fill = PatternFill(start_color=colour, end_color=colour, fill_type="solid")
            sheet.conditional_formatting.add(
                block,
                Rule(
                    type="cellIs",
                    operator="equal",
                    formula=[f'"{word}"'],
                    dxf=DifferentialStyle(fill=fill),
                ),
            )


def _files_sheet(writer: pd.ExcelWriter, result: RunResult) -> list[Message]:
    lang = result.language
    rows: list[Row] = []
    for response in result.responses:
        reason = response.error or ""
        if not reason and response.error_code:
            reason = reason_text(response.error_code, lang)
        if response.status == "superseded" and response.superseded_by:
            copy = next((m for m in response.messages if m.code == "duplicate_copy"), None)
            superseded = t("reason.superseded_by", lang, file=response.superseded_by)
            reason = reason or (message_text(copy, lang) if copy else superseded)
        rows.append(
            [
                response.file.name,
                status_word(response.status, lang),
                response.respondent or "",
                reason,
                response.file.modified,
                response.file.size,
                response.file.sha256,
                _detail(response.error_code, response.error_detail),
            ]
        )
    keys = ("file", "status", "respondent", "reason", "modified", "size", "sha256", "detail")
    name, header = t("sheet.files", lang), [t(f"col.{k}", lang) for k in keys]
    _plain_sheet(writer, name, header, rows, lang)
    return _replaced_cells(name, header, rows, [r.file.name for r in result.responses])


def _detail(code: str | None, detail: str | None) -> str:
    """The technical detail column: the code, then the detail for support ("damaged: not a
    complete zip: ..."); the clerk's columns carry the same in words."""
    return ": ".join(part for part in (code, detail) if part)


_CONTACT_KEYS = {
    "contact": ("kontakt", "contact"),
    "phone": ("telefon", "phone", "tel"),
    "email": ("e-post", "epost", "e-mail", "email", "mail"),
}


def _contact_field(fields: dict[str, str], kind: str) -> str:
    for label, value in fields.items():
        if any(word in label.lower() for word in _CONTACT_KEYS[kind]):
            return value
    return ""


def _contacts_sheet(
    writer: pd.ExcelWriter, result: RunResult, current: Sequence[Response]
) -> list[Message]:
    lang, questions = result.language, result.template.questions
    rows: list[Row] = []
    for response in current:
        fields = dict(response.fields)
        open_questions = [short_question(question) for question in unanswered(response, questions)]
        rows.append(
            [
                _respondent_name(response),
                _contact_field(fields, "contact"),
                _contact_field(fields, "phone"),
                _contact_field(fields, "email"),
                "\n".join(open_questions),
            ]
        )
    everything = "\n".join(short_question(question) for question in questions)
    without = _without_answers(result)
    rows += [[name, "", "", "", everything] for name, _ in without]
    keys = ("respondent", "contact", "phone", "email", "unanswered")
    name, header = t("sheet.contacts", lang), [t(f"col.{k}", lang) for k in keys]
    _plain_sheet(writer, name, header, rows, lang)
    sheet = writer.sheets[name]
    for (cell,) in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    files = [response.file.name for response in current] + [""] * len(without)
    return _replaced_cells(name, header, rows, files)


def _messages_sheet(writer: pd.ExcelWriter, result: RunResult, replaced: list[Message]) -> None:
    """Run messages, each file's messages, then the cells whose characters were replaced
    (in the other sheets, then in this one)."""
    lang = result.language
    messages = list(result.messages)
    for response in result.responses:
        messages += response.messages
    messages += replaced
    name = t("sheet.messages", lang)
    header = [t(f"col.{k}", lang) for k in ("file", "location", "kind", "message", "detail")]

    def row(message: Message) -> Row:
        location = location_text(message.location, lang)
        text = message_text(message, lang)
        kind = kind_text(message.code, lang)
        # the English text names parts and files the Swedish sentence leaves out
        detail = message.code if lang == "en" else _detail(message.code, message.text)
        return [message.file, location, kind, text, detail]

    rows = [row(message) for message in messages]
    rows += [row(m) for m in _replaced_cells(name, header, rows, [m.file for m in messages])]
    _plain_sheet(writer, name, header, rows, lang)


def _plain_sheet(
    writer: pd.ExcelWriter, name: str, header: list[str], rows: list[Row], lang: str
) -> None:
    sheet = _write_table(writer, name, header, rows, lang)
    for column, title in enumerate(header, start=1):
        values = [title, *(str(row[column - 1]) for row in rows)]
        sheet.column_dimensions[get_column_letter(column)].width = _width(values, minimum=10)
        sheet.cell(row=1, column=column).font = _BOLD
    sheet.freeze_panes = "A2"
    _print_setup(sheet)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"


def _print_setup(sheet: Worksheet) -> None:
    """Landscape, as wide as one page, header row repeated on every printed page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"


def _width(values: Iterable[str], minimum: int) -> float:
    longest = max((max(map(len, v.split("\n")), default=0) for v in values), default=0)
    return float(min(max(longest + 2, minimum), _MAX_WIDTH))


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
