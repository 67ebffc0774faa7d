"""The Changes sheet (with --previous): every respondent x every question, how the answer
compares with the same respondent's answer in the previous round, as a coloured word (*ny*,
*oförändrad*, *ändrad*, *borttagen*; empty when neither round answered), then the counts per
respondent and the file compared with.

Rows as on the Completeness sheet: each current form, then those with no form to count (their
status in every column), then those who answered the previous round and have no form now. A
question the form's version does not ask, and answered in neither round, shows *ej
efterfrågad*. A legend under the table says what each word means and which run was compared.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from docxmerge.answers.tally import (
    COMPARISON_WORDS,
    NOT_ASKED,
    absent_respondents,
    asked_of_absent,
    comparison_counts,
    current_responses,
    previous_run_name,
)
from docxmerge.i18n import comparison_word, status_word, t
from docxmerge.model import Answer, Message, Response, RunResult
from docxmerge.writers.workbook.cells import (
    Row,
    cell_notes,
    colour_words,
    legend,
    matrix_header,
    print_setup,
    short_question,
    width,
    write_table,
)

_LEGEND = ("new", "changed", "unchanged", "dropped")
_CENTRED = Alignment(horizontal="center", vertical="top", wrap_text=True)
_LEGEND_KEYS = {
    "new": "legend.new",
    "changed": "legend.changed",
    "unchanged": "legend.same",
    "dropped": "legend.dropped",
}


def changes_sheet(writer: pd.ExcelWriter, result: RunResult) -> list[Message]:
    """Write the sheet when the run was compared with a previous one; the notes on cells whose
    text had to change."""
    if result.previous is None:
        return []
    lang, questions = result.language, result.template.questions
    files = dict(result.previous.files)
    rows: list[Row] = []
    sources: list[str] = []
    for response in current_responses(result):
        by_id = {answer.question_id: answer for answer in response.answers}
        words = [_word(by_id.get(q.id), lang) for q in questions]
        counts = comparison_counts(response)
        found = [counts.get(word, 0) for word in COMPARISON_WORDS]
        rows.append([_name(response), *words, *found, files.get(response.file.name, "")])
        sources.append(response.file.name)
    for absent in absent_respondents(result):
        shown = (absent.status if asked_of_absent(result, q) else NOT_ASKED for q in questions)
        rows.append([absent.name, *(status_word(status, lang) for status in shown)])
        sources.append(absent.response.file.name if absent.response else "")
    for name in result.previous.only_previous:
        rows.append([name, *[status_word("no_form_now", lang)] * len(questions)])
        sources.append("")
    header = [
        t("col.respondent", lang),
        *(short_question(q) for q in questions),
        *(t(f"col.{word}", lang) for word in COMPARISON_WORDS),
        t("col.previous_file", lang),
    ]
    name = t("sheet.changes", lang)
    rows = [row + [""] * (len(header) - len(row)) for row in rows]
    sheet = write_table(writer, name, header, rows, lang)
    _format(sheet, result, rows)
    return cell_notes(name, header, rows, sources)


def _word(answer: Answer | None, lang: str) -> str:
    if answer is None or answer.comparison is None:
        return ""
    if answer.comparison.word is None and answer.status == NOT_ASKED:
        return status_word(NOT_ASKED, lang)
    return comparison_word(answer.comparison.word, lang)


def _name(response: Response) -> str:
    return response.respondent or response.file.name


def _format(sheet: Worksheet, result: RunResult, rows: list[Row]) -> None:
    lang, questions = result.language, result.template.questions
    last = len(questions) + len(COMPARISON_WORDS) + 2
    matrix_header(sheet, questions, lang, last)  # 18 wide: "ingen blankett nu"
    for column in range(len(questions) + 2, last):
        sheet.column_dimensions[get_column_letter(column)].width = 13  # "Oförändrade"
        for row in range(1, len(rows) + 2):
            sheet.cell(row=row, column=column).alignment = _CENTRED
    files = [str(row[-1]) for row in rows]
    sheet.column_dimensions[get_column_letter(last)].width = width(files, minimum=14)
    sheet.column_dimensions["A"].width = width([str(row[0]) for row in rows], minimum=14)
    print_setup(sheet)
    sheet.auto_filter.ref = f"A1:{get_column_letter(last)}{len(rows) + 1}"
    if rows and questions:
        block = f"B2:{get_column_letter(len(questions) + 1)}{len(rows) + 1}"
        words = [(comparison_word(word, lang), word) for word in _LEGEND]
        others = (NOT_ASKED, "unreadable", "blank_form", "not_received", "no_form_now")
        colour_words(sheet, block, [*words, *((status_word(s, lang), s) for s in others)])
    _legend(sheet, result, len(rows) + 3)


def _legend(sheet: Worksheet, result: RunResult, first_row: int) -> None:
    lang = result.language
    lines = [(comparison_word(w, lang), w, t(_LEGEND_KEYS[w], lang)) for w in _LEGEND]
    lines.append(("", "", t("legend.empty", lang)))
    lines.append((status_word(NOT_ASKED, lang), NOT_ASKED, t("legend.not_asked", lang)))
    if result.previous is not None and result.previous.only_previous:
        no_form = status_word("no_form_now", lang)
        lines.append((no_form, "no_form_now", t("legend.no_form_now", lang)))
    legend(sheet, first_row, t("legend.title", lang), lines)
    if result.previous is not None:
        where = t("legend.compared_with", lang, path=previous_run_name(result.previous))
        sheet.cell(row=first_row + len(lines) + 2, column=1, value=where)
