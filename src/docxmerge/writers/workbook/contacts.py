"""The Contacts sheet, the chase list: only the respondents who owe something (answers.chase),
with whom to write to, what they owe, and a link to their reminder draft.

The e-mail address is a mailto link; rows are as tall as their lines (Excel and LibreOffice keep
a written file's row heights, and wrapped lines would overlap).
"""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from docxmerge.answers.chase import UNANSWERED, Owed, chase_list
from docxmerge.i18n import reason_text, status_word, t
from docxmerge.model import Message, RunResult
from docxmerge.writers.reminders import REMINDERS_NAME, draft_names
from docxmerge.writers.workbook.cells import (
    Row,
    cell_notes,
    fill,
    fit_rows,
    full_question,
    plain_sheet,
)

_KEYS = ("respondent", "chase_status", "contact", "phone", "email", "owed", "reminder")
_OWED_WIDTH = 50.0
_HYPERLINK = "Hyperlink"  # Excel's built-in cell style for links


def contacts_sheet(writer: pd.ExcelWriter, result: RunResult) -> list[Message]:
    """Write the sheet; the notes on cells whose text had to change."""
    lang = result.language
    chase = chase_list(result)
    drafts = draft_names(chase)
    rows: list[Row] = [
        [
            owed.name,
            status_word(owed.status, lang),
            owed.contact.person,
            owed.contact.phone,
            owed.contact.email,
            what_is_owed(owed, lang),
            draft,
        ]
        for owed, draft in zip(chase, drafts, strict=True)
    ]
    name, header = t("sheet.contacts", lang), [t(f"col.{k}", lang) for k in _KEYS]
    sheet = plain_sheet(writer, name, header, rows, lang)
    owed_column = _KEYS.index("owed") + 1
    sheet.column_dimensions[get_column_letter(owed_column)].width = _OWED_WIDTH
    _links(sheet, chase, drafts)  # before the alignment: a cell style replaces it
    fit_rows(sheet, {owed_column: _OWED_WIDTH})
    files = [owed.response.file.name if owed.response else "" for owed in chase]
    return cell_notes(name, header, rows, files)


def what_is_owed(owed: Owed, lang: str) -> str:
    """The questions owed, one per line and whole (the clerk copies them into a reminder; the
    row is as tall as its wrapped lines), or what became of the respondent's file."""
    file = owed.response.file.name if owed.response else ""
    if owed.status == UNANSWERED:
        return "\n".join(full_question(question) for question in owed.questions)
    if owed.status == "unreadable" and owed.response is not None:
        code = owed.response.error_code or ""
        reason = owed.response.error or reason_text(code, lang)
        return t("chase.unreadable", lang, file=file, reason=reason)
    if owed.status == "blank_form":
        return t("chase.blank_form", lang, file=file)
    return t("chase.not_received", lang)


def _links(sheet: Worksheet, chase: tuple[Owed, ...], drafts: list[str]) -> None:
    """The e-mail cell as a mailto link, the draft's name as a link to the file beside the
    workbook; the status in its colour."""
    email_column, draft_column = _KEYS.index("email") + 1, _KEYS.index("reminder") + 1
    status_column = _KEYS.index("chase_status") + 1
    for row, (owed, draft) in enumerate(zip(chase, drafts, strict=True), start=2):
        if owed.contact.addresses:
            cell = sheet.cell(row=row, column=email_column)
            cell.hyperlink = "mailto:" + ",".join(
                quote(a, safe="@") for a in owed.contact.addresses
            )
            cell.style = _HYPERLINK
        link = sheet.cell(row=row, column=draft_column)
        link.hyperlink = f"{REMINDERS_NAME}/{quote(draft)}"
        link.style = _HYPERLINK
        if owed.status != UNANSWERED:
            sheet.cell(row=row, column=status_column).fill = fill(owed.status)
