"""The Answers sheet: one row per respondent (the current form of each), one column per question
in template order holding the answer itself, then the form's metadata fields and its file (and,
with several template versions, the one the form was filled in on).

The review habit of Acrobat's "merge data files into spreadsheet" and of Google and Microsoft
Forms. Cells stay text (never formulas); a text longer than a cell holds is cut with a visible
marker and a message (cells.cell_notes). What a cell shows comes from :func:`display_value`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from docxmerge.answers.tally import current_responses
from docxmerge.i18n import t
from docxmerge.model import Answer, Message, Question, RunResult
from docxmerge.writers.workbook.cells import (
    BOLD,
    WRAPPED,
    Row,
    cell_notes,
    fit_rows,
    full_text_comment,
    pages_across,
    print_setup,
    short_question,
    width,
    write_table,
)

_ANSWER_WIDTH = 45.0
_MOST_LINES = 8  # a row grows to show this many lines; the rest is in the cell


def display_value(question: Question, answer: Answer | None) -> object:
    """What the sheet shows for one answer, the one place that decides it: nothing when it is
    not answered; a choice's chosen labels (", " between them, as answers.json's text has
    them; a comment typed beside the boxes is in the report); a date as a date cell; otherwise,
    and when neither was read, the answer's plain text (a declined "-" too)."""
    if answer is None or answer.status != "answered":
        return None
    if question.kind == "choice" and isinstance(answer.value, tuple) and answer.value:
        return ", ".join(answer.value)
    if question.kind == "date" and isinstance(answer.value, str):
        try:
            return dt.date.fromisoformat(answer.value)
        except ValueError:
            return answer.text
    return answer.text


def answers_sheet(writer: pd.ExcelWriter, result: RunResult) -> list[Message]:
    """Write the sheet; the notes on cells whose text had to change."""
    lang, template = result.language, result.template
    current = current_responses(result)
    labels = [field.label for field in template.fields]
    several = len(result.templates) > 1  # which version each form was filled in on
    rows: list[Row] = []
    for response in current:
        by_id = {answer.question_id: answer for answer in response.answers}
        values = [display_value(q, by_id.get(q.id)) for q in template.questions]
        fields = [response.fields.get(label, "") for label in labels]
        name = response.respondent or response.file.name
        versions = [response.template or ""] if several else []
        rows.append([name, *values, *fields, response.file.name, *versions])
    header = [
        t("col.respondent", lang),
        *(short_question(q) for q in template.questions),
        *labels,
        t("col.file", lang),
        *([t("col.template", lang)] if several else []),
    ]
    name = t("sheet.answers", lang)
    _format(write_table(writer, name, header, rows, lang), result, rows, len(header))
    return cell_notes(name, header, rows, [r.file.name for r in current])


def _format(sheet: Worksheet, result: RunResult, rows: list[Row], last: int) -> None:
    lang, questions = result.language, result.template.questions
    for column in range(1, last + 1):
        sheet.cell(row=1, column=column).font = BOLD
        sheet.cell(row=1, column=column).alignment = WRAPPED
    names = [str(row[0]) for row in rows]
    sheet.column_dimensions["A"].width = width(names, minimum=14)
    widths: dict[int, float] = {}
    for offset, question in enumerate(questions, start=2):
        sheet.column_dimensions[get_column_letter(offset)].width = _ANSWER_WIDTH
        full_text_comment(sheet.cell(row=1, column=offset), question, lang)
        widths[offset] = _ANSWER_WIDTH
    for column in range(len(questions) + 2, last + 1):
        values = [str(row[column - 1] or "") for row in rows]
        sheet.column_dimensions[get_column_letter(column)].width = width(values, minimum=12)
    sheet.row_dimensions[1].height = 45
    fit_rows(sheet, widths, most=_MOST_LINES)
    sheet.freeze_panes = "B2"
    print_setup(sheet, pages_across(sheet, last))
    sheet.auto_filter.ref = f"A1:{get_column_letter(last)}{len(rows) + 1}"
