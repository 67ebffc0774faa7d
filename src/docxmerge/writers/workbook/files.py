"""The Files sheet: every inbox entry, what came of it and why, its modified time as a date cell
in local time, the status in colour, and the byte size, SHA-256 and the technical detail of the
reason (for support) at the far right."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from openpyxl.utils import get_column_letter

from docxmerge.answers.tally import BLANK_FORM
from docxmerge.i18n import message_text, reason_text, status_word, t
from docxmerge.model import Message, Response, RunResult
from docxmerge.writers.workbook.cells import Row, cell_notes, fill, plain_sheet, technical_detail

_KEYS = ("file", "status", "respondent", "reason", "modified", "size", "sha256", "detail")
_DATE_FORMAT = "yyyy-mm-dd hh:mm"


def files_sheet(writer: pd.ExcelWriter, result: RunResult) -> list[Message]:
    """Write the sheet; the notes on cells whose text had to change."""
    lang = result.language
    rows: list[Row] = [
        [
            response.file.name,
            status_word(response.status, lang),
            response.respondent or "",
            _reason(response, lang),
            local_time(response.file.modified),
            response.file.size,
            response.file.sha256,
            technical_detail(response.error_code, response.error_detail),
        ]
        for response in result.responses
    ]
    name, header = t("sheet.files", lang), [t(f"col.{k}", lang) for k in _KEYS]
    sheet = plain_sheet(writer, name, header, rows, lang)
    status_column, date_column = _KEYS.index("status") + 1, _KEYS.index("modified") + 1
    sheet.column_dimensions[get_column_letter(date_column)].width = 17  # "2026-05-04 14:03"
    for row, response in enumerate(result.responses, start=2):
        sheet.cell(row=row, column=status_column).fill = fill(_colour(response))
        sheet.cell(row=row, column=date_column).number_format = _DATE_FORMAT
    return cell_notes(name, header, rows, [r.file.name for r in result.responses])


def local_time(iso: str) -> dt.datetime | None:
    """An ISO 8601 time (UTC from the file system) as a local time without zone: Excel has no
    time zones, and the clerk compares it with the clock on the wall."""
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().replace(tzinfo=None)


def _colour(response: Response) -> str:
    if response.status == "skipped" and response.error_code == BLANK_FORM:
        return BLANK_FORM
    return response.status


_SAYS_WHY_SUPERSEDED = ("duplicate_copy", "superseded_no_questions")  # more than "superseded by"


def _reason(response: Response, lang: str) -> str:
    reason = response.error or ""
    if not reason and response.error_code:
        reason = reason_text(response.error_code, lang)
    if response.status == "superseded" and response.superseded_by:
        said = next((m for m in response.messages if m.code in _SAYS_WHY_SUPERSEDED), None)
        superseded = t("reason.superseded_by", lang, file=response.superseded_by)
        reason = reason or (message_text(said, lang) if said else superseded)
    return reason
