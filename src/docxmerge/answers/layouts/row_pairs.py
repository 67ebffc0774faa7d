"""Question rows and answer rows: a one-column table where each question stands in its own row
and the row below it is the answer slot (empty, or a prompt such as "Skriv ditt svar här").

A text row followed by another text row is a section title when questions follow, else
template text.
"""

from __future__ import annotations

from docxmerge.answers.layouts.items import Item
from docxmerge.answers.layouts.tables import (
    QUESTION_RANK,
    SECTION_RANK,
    Row,
    Table,
    is_label_cell,
    is_slot_cell,
)
from docxmerge.model import Block


def claim(table: Table) -> list[Item] | None:
    """The table's items, or None when it is not a table of question and answer rows."""
    rows = [row for row in table.rows if row.cells]
    if not rows or any(len(row.filled) > 1 for row in rows):
        return None
    kinds = [_row_kind(row) for row in rows]
    questions = [n for n in range(len(rows) - 1) if kinds[n] == "text" and kinds[n + 1] == "slot"]
    if not questions:
        return None
    items: list[Item] = []
    for n, row in enumerate(rows):
        if n in questions:
            items.append(_question(row, rows[n + 1]))
        elif kinds[n] == "text":
            later = any(q > n for q in questions)
            items.append(_title(row, later))
    return items


def _row_kind(row: Row) -> str:
    cell = row.filled[0] if row.filled else row.cells[0]
    if is_label_cell(cell):
        return "text"
    return "slot" if is_slot_cell(cell) else "other"


def _label(row: Row) -> tuple[int, list[Block]]:
    cell = row.filled[0] if row.filled else row.cells[0]
    blocks = [b for _, b in cell.blocks]
    first = next(n for n, b in enumerate(blocks) if b.text.strip())
    return first, blocks


def _question(row: Row, answer: Row) -> Item:
    first, blocks = _label(row)
    slot = [b for cell in answer.cells for _, b in cell.blocks]
    return Item(
        blocks[first],
        content=blocks[first + 1 :] + slot,
        kind="question",
        rank=QUESTION_RANK,
        preset=True,
        placement="below",
        slot=slot,
    )


def _title(row: Row, section: bool) -> Item:
    first, blocks = _label(row)
    kind = "section" if section else "instruction"
    item = Item(blocks[first], kind=kind, rank=SECTION_RANK, preset=True)
    item.content = blocks[first + 1 :]
    return item
