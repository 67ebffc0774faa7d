"""The Questions sheet: per question, how many answered it and the share, most skipped first
(optional questions, skipped by design, after the others); for a choice question, how many
chose each option.

Counted over every respondent of the Completeness sheet (those with no form to count answered
nothing), so that its shares agree with that sheet's bottom row. A declined answer counts as
answered and is also counted on its own. With several template versions, a column says how many
forms' versions do not ask the question; they are counted neither way (the share is of those
asked).
"""

from __future__ import annotations

import pandas as pd
from openpyxl.formatting.rule import ColorScale, FormatObject, Rule
from openpyxl.styles.colors import Color
from openpyxl.utils import get_column_letter

from docxmerge.answers.tally import (
    NOT_ASKED,
    absent_respondents,
    asked_of_absent,
    current_responses,
    shown_status,
)
from docxmerge.i18n import t
from docxmerge.model import Message, Question, Response, RunResult
from docxmerge.writers.workbook.cells import Row, cell_notes, fit_rows, plain_sheet

_KEYS = (
    "question",
    "question_text",
    "section",
    "optional",
    "answered",
    "declined",
    "unanswered_count",
    "no_form",
    "answered_share",
    "option_counts",
)
_WRAPPED = {"question_text": 60.0, "section": 30.0, "option_counts": 30.0}  # column widths
_SCALE = Rule(
    type="colorScale",
    colorScale=ColorScale(
        cfvo=[FormatObject(type="num", val=share) for share in (0, 0.5, 1)],
        color=[Color(rgb) for rgb in ("F8696B", "FFEB84", "63BE7B")],
    ),
)


def questions_sheet(writer: pd.ExcelWriter, result: RunResult) -> list[Message]:
    """Write the sheet; the notes on cells whose text had to change."""
    lang = result.language
    current = current_responses(result)
    absent = len(absent_respondents(result))
    questions = result.template.questions
    owed = {q.id: absent if asked_of_absent(result, q) else 0 for q in questions}
    order = sorted(questions, key=lambda q: (q.optional, _share(q, current, owed[q.id])))
    keys = _keys(result)
    rows = [_row(question, current, owed[question.id], lang, keys) for question in order]
    name, header = t("sheet.questions", lang), [t(f"col.{k}", lang) for k in keys]
    sheet = plain_sheet(writer, name, header, rows, lang)
    wrapped = {keys.index(key) + 1: width for key, width in _WRAPPED.items()}
    for column, width in wrapped.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    fit_rows(sheet, wrapped)
    share = get_column_letter(keys.index("answered_share") + 1)
    for row in range(2, len(rows) + 2):
        sheet[f"{share}{row}"].number_format = "0%"
    if rows:  # red for the most skipped, green for the best answered
        sheet.conditional_formatting.add(f"{share}2:{share}{len(rows) + 1}", _SCALE)
    return cell_notes(name, header, rows, [""] * len(rows))


def _keys(result: RunResult) -> tuple[str, ...]:
    """The columns: with several template versions, how many forms were not asked too."""
    if len(result.templates) < 2:
        return _KEYS
    at = _KEYS.index("unanswered_count") + 1
    return (*_KEYS[:at], "not_asked_count", *_KEYS[at:])


def _counts(question: Question, current: tuple[Response, ...]) -> tuple[int, int, int, int]:
    """(answered, of which declined, unanswered, not asked) among the current forms."""
    statuses = [
        shown_status(next((a for a in r.answers if a.question_id == question.id), None))
        for r in current
    ]
    declined = statuses.count("declined")
    answered = statuses.count("answered") + declined
    not_asked = statuses.count(NOT_ASKED)
    return answered, declined, len(statuses) - answered - not_asked, not_asked


def _share(question: Question, current: tuple[Response, ...], absent: int) -> float:
    answered, _, _, not_asked = _counts(question, current)
    asked = len(current) - not_asked + absent
    return answered / asked if asked else 0.0


def _row(
    question: Question, current: tuple[Response, ...], absent: int, lang: str, keys: tuple[str, ...]
) -> Row:
    answered, declined, unanswered, not_asked = _counts(question, current)
    cells: dict[str, object] = {
        "question": question.id,
        "question_text": question.text,
        "section": question.section,
        "optional": t("cell.yes", lang) if question.optional else "",
        "answered": answered,
        "declined": declined,
        "unanswered_count": unanswered,
        "not_asked_count": not_asked,
        "no_form": absent,
        "answered_share": _share(question, current, absent),
        "option_counts": option_counts(question, current),
    }
    return [cells[key] for key in keys]


def option_counts(question: Question, current: tuple[Response, ...]) -> str:
    """A choice question's options in template order, each with how many chose it ("Ja: 9"),
    one per line; "" for other questions."""
    if question.kind != "choice":
        return ""
    chosen = [
        a.value
        for r in current
        for a in r.answers
        if a.question_id == question.id and a.status == "answered" and isinstance(a.value, tuple)
    ]
    counts = [(option, sum(option in value for value in chosen)) for option in question.options]
    return "\n".join(f"{option}: {count}" for option, count in counts)
