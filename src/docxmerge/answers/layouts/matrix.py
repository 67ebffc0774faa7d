"""Tables to fill in: a header row of column labels, a label per row, and a blank (or a
control) in each cell to answer ("Day | Date | Regular Hours | Overtime ..." in a time sheet).
Every such cell is its own question, named "row – column", answered in that cell.
"""

from __future__ import annotations

from docxmerge.answers.blocks import LIST_KINDS, checkboxes
from docxmerge.answers.layouts.items import Item
from docxmerge.answers.layouts.tables import (
    QUESTION_RANK,
    Cell,
    Row,
    Table,
    cell_at,
    is_label_cell,
    is_slot_cell,
    label_at,
)

MIN_COLUMNS = 3  # fewer answer columns are one question with a comment ("Level | Remarks")


def columns(table: Table) -> dict[int, str] | None:
    """Column label by cell index, for a table to fill in; None when it is none."""
    for n, header in enumerate(table.rows[:-1]):
        if not header.cells or not all(is_label_cell(c) for c in header.filled):
            continue
        labels = {c.index: c.text for c in header.cells[1:] if c.text}
        rows = [r for r in table.rows[n + 1 :] if label_at(r) is not None]
        answered = {
            index: label
            for index, label in labels.items()
            if rows and all(_answer_cell(cell_at(r, index)) for r in rows)
        }
        if len(answered) >= MIN_COLUMNS:
            return answered
        return None
    return None


def _answer_cell(cell: Cell | None) -> bool:
    """A cell to write a value in: blank, a text or date control; no choice."""
    if cell is None or not is_slot_cell(cell):
        return False
    blocks = [b for _, b in cell.blocks]
    return not any(checkboxes(b) for b in blocks) and not any(
        c.kind in LIST_KINDS for b in blocks for c in b.controls
    )


def row_items(row: Row, label: int, labels: dict[int, str]) -> list[Item]:
    """One question per answer cell of a row, named "row – column"."""
    heading = row.cells[label].first_text
    if heading is None:
        return []
    items = []
    for index, column in labels.items():
        cell = cell_at(row, index)
        if index <= label or not _answer_cell(cell):
            continue
        assert cell is not None
        slot = [b for _, b in cell.blocks]
        items.append(
            Item(
                heading[1],
                content=slot,
                kind="question",
                rank=QUESTION_RANK,
                preset=True,
                placement="cell",
                slot=slot,
                title=f"{row.cells[label].text} – {column}",
                column=index - row.cells[label].index,
            )
        )
    return items
