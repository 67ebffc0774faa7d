"""Grids (Likert tables): a header row of options, then one row per statement with a checkbox
under each option. Each statement row is a choice question whose options are the column
headers."""

from __future__ import annotations

from docxmerge.answers.layouts.items import Item
from docxmerge.answers.layouts.label_answer import QUESTION_RANK
from docxmerge.answers.layouts.tables import Row, Table, is_label_cell, only_boxes

MIN_OPTIONS = 2


def claim(table: Table) -> list[Item] | None:
    """The table's items, or None when it is not a grid."""
    rows = [row for row in table.rows if row.filled]
    header = next((n for n, row in enumerate(rows) if _options(row)), None)
    if header is None:
        return None
    options = _options(rows[header])
    statements = [row for row in rows[header + 1 :] if _statement(row, len(options))]
    if not statements:
        return None
    return [_question(row, options) for row in statements]


def _options(row: Row) -> tuple[str, ...]:
    """The option labels of a header row: the texts after its first cell, all labels."""
    cells = row.cells[1:]
    if len(cells) < MIN_OPTIONS or not all(is_label_cell(c) for c in cells):
        return ()
    return tuple(c.text for c in cells)


def _statement(row: Row, width: int) -> bool:
    cells = row.cells[1:]
    return (
        len(cells) == width
        and is_label_cell(row.cells[0])
        and sum(only_boxes(c) for c in cells) == width
    )


def _question(row: Row, options: tuple[str, ...]) -> Item:
    label = row.cells[0].first_text
    assert label is not None
    slot = [b for cell in row.cells[1:] for _, b in cell.blocks]
    return Item(
        label[1],
        content=slot,
        kind="question",
        rank=QUESTION_RANK,
        preset=True,
        placement="right",
        slot=slot,
        options=options,
    )
