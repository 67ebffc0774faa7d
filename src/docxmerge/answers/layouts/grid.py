"""Grids (Likert tables): a header row of options, then one row per statement with a checkbox
under each option. Each statement row is a choice question whose options are the column
headers; a comment column beside the options is part of its slot.
"""

from __future__ import annotations

from docxmerge.answers.layouts.items import Item
from docxmerge.answers.layouts.tables import (
    QUESTION_RANK,
    Row,
    Table,
    cell_at,
    is_label_cell,
    only_boxes,
)

MIN_OPTIONS = 2


def box_columns(table: Table) -> dict[int, str] | None:
    """Option label by column for a grid: a header row's labels over the columns where the
    rows below it hold a lone checkbox; None when the table has no such columns."""
    for n, header in enumerate(table.rows[:-1]):
        labels = {c.index: c.text for c in header.cells if is_label_cell(c)}
        below = table.rows[n + 1 :]
        columns = {
            index: label
            for index, label in labels.items()
            if any((cell := cell_at(row, index)) is not None and only_boxes(cell) for row in below)
        }
        if len(columns) >= MIN_OPTIONS:
            return dict(sorted(columns.items()))
    return None


def row_item(row: Row, label: int, columns: dict[int, str]) -> Item | None:
    """A statement row of the grid as a choice question, or None."""
    boxed = [i for i in columns if (cell := cell_at(row, i)) is not None and only_boxes(cell)]
    heading = row.cells[label].first_text
    if len(boxed) < MIN_OPTIONS or heading is None:
        return None
    slot = [b for cell in row.cells[label + 1 :] for _, b in cell.blocks]
    return Item(
        heading[1],
        content=slot,
        kind="question",
        rank=QUESTION_RANK,
        preset=True,
        placement="right",
        slot=slot,
        options=tuple(columns.values()),
    )
