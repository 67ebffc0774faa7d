"""The Messages sheet: every message of the run in full, in the run's language: file, location,
kind, message, and a technical detail (the code; in a Swedish run also the English text).

Run messages first, then each file's (with a ``declined`` line for every answer of a current form
that only declines: "Ej aktuellt", "-"), then the notes on cells the other sheets had to change,
then those on this sheet's own cells.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.utils import get_column_letter

from docxmerge.answers.tally import shown_status
from docxmerge.i18n import kind_text, location_text, make_message, message_text, t
from docxmerge.model import FLAG_DECLINED, Message, Response, RunResult
from docxmerge.writers.workbook.cells import (
    Row,
    cell_notes,
    fit_rows,
    plain_sheet,
    technical_detail,
)


def messages_sheet(writer: pd.ExcelWriter, result: RunResult, notes: list[Message]) -> None:
    """Write the sheet: ``notes`` are the other sheets' notes on changed cells."""
    lang = result.language
    messages = list(result.messages)
    for response in result.responses:
        messages += response.messages
        messages += declined_notes(response)
    messages += notes
    name = t("sheet.messages", lang)
    header = [t(f"col.{k}", lang) for k in ("file", "location", "kind", "message", "detail")]

    def row(message: Message) -> Row:
        location = location_text(message.location, lang)
        text, kind = message_text(message, lang), kind_text(message.code, lang)
        # the English text names parts and files the Swedish sentence leaves out
        detail = message.code if lang == "en" else technical_detail(message.code, message.text)
        return [message.file, location, kind, text, detail]

    rows = [row(message) for message in messages]
    rows += [row(m) for m in cell_notes(name, header, rows, [m.file for m in messages])]
    sheet = plain_sheet(writer, name, header, rows, lang)
    wrapped = {  # the message and its detail: wrapped in their columns, not cut off
        column: float(sheet.column_dimensions[get_column_letter(column)].width) for column in (4, 5)
    }
    fit_rows(sheet, wrapped)


def declined_notes(response: Response) -> list[Message]:
    """A ``declined`` message for each answer of a current form that only declines."""
    if response.status != "read":
        return []
    return [
        make_message(
            response.file.name, f"question {a.question_id}", FLAG_DECLINED, question=a.question_id
        )
        for a in response.answers
        if shown_status(a) == "declined"
    ]
