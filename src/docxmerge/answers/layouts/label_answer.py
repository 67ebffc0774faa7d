"""Label | answer tables: the question (or a metadata label) in one cell, its answer slot in the
cells to its right.

Rows with a label and a slot are questions; a row that is one merged cell is a section title
when questions follow it; a row of plain texts ("Fråga | Svar", "Question | Answer") is a
header, template text. A table with no label-and-slot row is not this layout.
"""

from __future__ import annotations

from docxmerge.answers.layouts.items import Item
from docxmerge.answers.layouts.tables import Row, Table, is_label_cell, is_slot_cell
from docxmerge.model import Block

QUESTION_RANK = (30, 9)
SECTION_RANK = (25, 9)


def claim(table: Table) -> list[Item] | None:
    """The table's items, or None when it is not a label | answer table."""
    kinds = [_row_kind(row) for row in table.rows]
    pairs = kinds.count("pair")
    if pairs == 0 or pairs < kinds.count("other"):
        return None
    items: list[Item] = []
    for n, (row, kind) in enumerate(zip(table.rows, kinds, strict=True)):
        if kind == "pair":
            items.append(_question(row))
        elif kind in ("single", "header", "other"):
            items += _titles(row, kind == "single" and "pair" in kinds[n + 1 :])
    return items


def _row_kind(row: Row) -> str:
    """pair (label | slot), single (one cell with text), header (texts only), empty, other."""
    filled = row.filled
    if not filled:
        return "empty"
    if len(row.cells) == 1 or (len(filled) == 1 and not any(is_slot_cell(c) for c in filled)):
        return "single" if is_label_cell(filled[0]) else "other"
    label, rest = row.cells[0], row.cells[1:]
    if is_label_cell(label) and any(is_slot_cell(c) for c in rest):
        return "pair"
    if all(is_label_cell(c) for c in filled):
        return "header"
    return "other"


def _question(row: Row) -> Item:
    label = row.cells[0]
    first = label.first_text
    assert first is not None  # a label cell has text
    heading = first[1]
    hints = [b for _, b in label.blocks if b is not heading]  # more text under the label
    slot = [b for cell in row.cells[1:] for _, b in cell.blocks]
    return Item(
        heading,
        content=hints + slot,
        kind="question",
        rank=QUESTION_RANK,
        preset=True,
        placement="right",
        slot=slot,
    )


def _titles(row: Row, section: bool) -> list[Item]:
    """A section title row, or template text: one instruction item per cell text."""
    blocks: list[Block] = [b for cell in row.cells for _, b in cell.blocks if b.text.strip()]
    if not blocks:
        return []
    kind = "section" if section else "instruction"
    first = Item(blocks[0], kind=kind, rank=SECTION_RANK, preset=True)
    first.content = blocks[1:]
    return [first]
