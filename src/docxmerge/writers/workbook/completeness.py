"""The Completeness sheet: every respondent x every question, as status words in colour.

Every respondent has a row: each current form, then those with no form to count (only an
unreadable file, the blank form sent back, nothing received), with that status in every
column. An answer that only declines ("Ej aktuellt", "-") shows a status word of its own and
still counts as answered. Under the rows, the share answered per question and in all.

With several template versions, a question the form's version does not ask shows *ej
efterfrågad* in grey and counts neither way (the shares are of those asked); with --previous,
an answer the same as in the previous round shows *besvarad (oförändrad)* in a deeper green.
Either way a legend under the table says what each word means.
"""

from __future__ import annotations

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from docxmerge.answers.tally import (
    NOT_ASKED,
    absent_respondents,
    asked_of_absent,
    current_responses,
    shown_status,
)
from docxmerge.i18n import status_word, t
from docxmerge.model import Answer, Message, Question, Response, RunResult
from docxmerge.writers.workbook.cells import (
    BOLD,
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

# The statuses this sheet shows, each with its colour (cells.STATUS_COLOURS).
SHOWN = (
    "answered",
    "declined",
    "placeholder",
    "empty",
    "missing",
    "unreadable",
    "blank_form",
    "not_received",
)
COUNTED = ("answered", "declined", "unchanged")
# What the legend under the table says of each status, in this order
_LEGEND = (
    ("answered", "legend.answered"),
    ("unchanged", "legend.unchanged"),
    ("declined", "legend.declined"),
    ("placeholder", "legend.placeholder"),
    ("empty", "legend.empty_box"),
    ("missing", "legend.missing"),
    ("not_asked", "legend.not_asked"),
    ("unreadable", "legend.unreadable"),
    ("blank_form", "legend.blank_form"),
    ("not_received", "legend.not_received"),
)


def completeness_sheet(writer: pd.ExcelWriter, result: RunResult) -> list[Message]:
    """Write the sheet; the notes on cells whose text had to change."""
    lang, questions = result.language, result.template.questions
    names, statuses, files = _rows(result)
    rows: list[Row] = []
    for name, row_statuses in zip(names, statuses, strict=True):
        answered = sum(1 for s in row_statuses if s in COUNTED)
        rows.append([name, *(status_word(s, lang) for s in row_statuses), answered])
    rows.append(_shares(statuses, len(questions), lang))
    header = [
        t("col.respondent", lang),
        *(_header(q, lang) for q in questions),
        t("col.answered_count", lang),
    ]
    name = t("sheet.completeness", lang)
    sheet = write_table(writer, name, header, rows, lang)
    _format(sheet, result, data_rows=len(statuses))
    shown = (*SHOWN, *_round_statuses(result))  # a first round's clerk needs the words too
    lines = [(status_word(s, lang), s, t(key, lang)) for s, key in _LEGEND if s in shown]
    legend(sheet, len(statuses) + 4, t("legend.title", lang), lines)
    return cell_notes(name, header, rows, [*files, ""])


def _round_statuses(result: RunResult) -> tuple[str, ...]:
    """The statuses beyond SHOWN this run can show: "not_asked" with several template
    versions, "unchanged" with a previous round."""
    several = len(result.templates) > 1
    return (NOT_ASKED,) * several + ("unchanged",) * (result.previous is not None)


def _rows(result: RunResult) -> tuple[list[str], list[list[str]], list[str]]:
    """Names, statuses per question and source files: current forms, then the absent."""
    questions = result.template.questions
    current = current_responses(result)
    names = [r.respondent or r.file.name for r in current]
    statuses = [_statuses(r, questions) for r in current]
    files = [r.file.name for r in current]
    for absent in absent_respondents(result):
        names.append(absent.name)
        asked = (asked_of_absent(result, question) for question in questions)
        statuses.append([absent.status if ask else NOT_ASKED for ask in asked])
        files.append(absent.response.file.name if absent.response else "")
    return names, statuses, files


def _statuses(response: Response, questions: tuple[Question, ...]) -> list[str]:
    by_id = {answer.question_id: answer for answer in response.answers}
    return [_shown(by_id.get(question.id)) for question in questions]


def _shown(answer: Answer | None) -> str:
    """The sheet's status: an answer the same as in the previous round is "unchanged"."""
    status = shown_status(answer)
    comparison = answer.comparison if answer is not None else None
    if status == "answered" and comparison is not None and comparison.word == "unchanged":
        return "unchanged"
    return status


def _shares(statuses: list[list[str]], count: int, lang: str) -> Row:
    """The share answered per question, then over every cell (declined counts as answered),
    of the cells that ask (a question not on a form's version is not counted)."""
    shares: Row = [t("row.answered_share", lang)]
    for column in range(count):
        asked = [row[column] for row in statuses if row[column] != NOT_ASKED]
        shares.append(sum(1 for s in asked if s in COUNTED) / len(asked) if asked else 0.0)
    cells = [status for row in statuses for status in row if status != NOT_ASKED]
    shares.append(sum(1 for s in cells if s in COUNTED) / len(cells) if cells else 0.0)
    return shares


def _header(question: Question, lang: str) -> str:
    return short_question(question) + (t("col.optional_mark", lang) if question.optional else "")


def _format(sheet: Worksheet, result: RunResult, data_rows: int) -> None:
    lang, questions = result.language, result.template.questions
    last_col = len(questions) + 2
    share_row = data_rows + 2
    matrix_header(sheet, questions, lang, last_col)
    for column in range(1, last_col + 1):
        sheet.cell(row=share_row, column=column).font = BOLD
    for column in range(2, last_col + 1):
        sheet.cell(row=share_row, column=column).number_format = "0%"
    names = [str(sheet.cell(row=r, column=1).value or "") for r in range(2, share_row + 1)]
    sheet.column_dimensions["A"].width = width(names, minimum=14)
    sheet.column_dimensions[get_column_letter(last_col)].width = 12
    print_setup(sheet)
    sheet.auto_filter.ref = f"A1:{get_column_letter(last_col)}{max(share_row - 1, 1)}"
    if data_rows and questions:
        block = f"B2:{get_column_letter(last_col - 1)}{data_rows + 1}"
        statuses = (*SHOWN, *_round_statuses(result))
        colour_words(sheet, block, [(status_word(s, lang), s) for s in statuses])
