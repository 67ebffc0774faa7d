"""completeness.xlsx: the review workbook, in the run's language, one module per sheet.

- ``completeness``: every respondent x every question, status words in colour;
- ``changes`` (with --previous): every respondent x every question, what changed since the
  previous round;
- ``contacts``: the chase list (who owes what, whom to write to, the reminder draft);
- ``answers``: the answers themselves, a row per respondent, a column per question;
- ``questions``: per question the share answered, most skipped first;
- ``files``: every inbox entry and what came of it;
- ``messages``: every message in full.

pandas writes the tables, openpyxl adds what pandas cannot (comments, colours, links, frozen
panes, filters, widths, row heights); ``cells`` holds what every sheet is written with. A new
sheet is a module here, called from :func:`_write`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from docxmerge.model import RunResult
from docxmerge.writers.atomic import write_atomically
from docxmerge.writers.workbook.answers import answers_sheet
from docxmerge.writers.workbook.cells import EXCEL_CELL_LIMIT, cell_text, short_question
from docxmerge.writers.workbook.changes import changes_sheet
from docxmerge.writers.workbook.completeness import completeness_sheet
from docxmerge.writers.workbook.contacts import contacts_sheet
from docxmerge.writers.workbook.files import files_sheet
from docxmerge.writers.workbook.messages import messages_sheet
from docxmerge.writers.workbook.questions import questions_sheet

__all__ = ["EXCEL_CELL_LIMIT", "cell_text", "short_question", "write_workbook"]


def write_workbook(result: RunResult, path: Path) -> None:
    """Write completeness.xlsx atomically."""
    write_atomically(Path(path), lambda tmp: _write(result, tmp))


def _write(result: RunResult, tmp: Path) -> None:
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        notes = completeness_sheet(writer, result)
        notes += changes_sheet(writer, result)
        notes += contacts_sheet(writer, result)
        notes += answers_sheet(writer, result)
        notes += questions_sheet(writer, result)
        notes += files_sheet(writer, result)
        messages_sheet(writer, result, notes)
