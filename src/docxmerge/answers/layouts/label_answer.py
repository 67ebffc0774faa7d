"""Label | answer tables: the question (or a metadata label) in one cell, its answer slot in the
cells to its right, read row by row.

A row's label may follow a row number ("1", "A1"); several label | slot pairs may share a row
("Employee: [ ] Manager: [ ]"). Rows of a grid (:mod:`.grid`), of a table to fill in
(:mod:`.matrix`) and cells holding label and slot together (:mod:`.cells`) are questions too.
A row that is one merged cell is a section title when questions follow it; any other row
without a question ("Fråga | Svar", "Question | Answer") is template text. A table with no
question row, or with more other rows than question rows, is not this layout.
"""

from __future__ import annotations

from docxmerge.answers.layouts import cells, grid, matrix
from docxmerge.answers.layouts.items import Item
from docxmerge.answers.layouts.tables import (
    QUESTION_RANK,
    SECTION_RANK,
    Row,
    Table,
    is_label_cell,
    is_slot_cell,
    label_at,
)
from docxmerge.model import Block


def claim(table: Table) -> list[Item] | None:
    """The table's items, or None when it is not a label | answer table."""
    boxes, fill = grid.box_columns(table), matrix.columns(table)
    found = [_row_questions(row, boxes, fill) for row in table.rows]
    questions = sum(1 for f in found if f)
    others = sum(1 for row, f in zip(table.rows, found, strict=True) if not f and row.filled)
    if questions == 0 or questions < others:
        return None
    items: list[Item] = []
    for n, (row, row_items) in enumerate(zip(table.rows, found, strict=True)):
        if row_items:
            items += row_items
        else:
            items += _titles(row, any(found[n + 1 :]))
    return items


def _row_questions(
    row: Row, boxes: dict[int, str] | None, fill: dict[int, str] | None
) -> list[Item]:
    label = label_at(row)
    if label is not None and boxes is not None:
        item = grid.row_item(row, label, boxes)
        if item is not None:
            return [item]
    if label is not None and fill is not None:
        found = matrix.row_items(row, label, fill)
        if found:
            return found
    if label is not None:
        found = _pairs(row, label)
        if found:
            return found
    return cells.row_items(row)


def _pairs(row: Row, start: int) -> list[Item]:
    """Each label cell with the slot cells after it, up to the next label cell."""
    items: list[Item] = []
    for n in range(start, len(row.cells)):
        cell = row.cells[n]
        if not is_label_cell(cell):
            continue
        slot_cells = []
        for other in row.cells[n + 1 :]:
            if is_label_cell(other):
                break
            slot_cells.append(other)
        first = cell.first_text
        if first is None or not any(is_slot_cell(c) for c in slot_cells):
            continue
        items.append(_question(cell.blocks, first[1], [b for c in slot_cells for _, b in c.blocks]))
    return items


def _question(label_blocks: list[tuple[int, Block]], heading: Block, slot: list[Block]) -> Item:
    hints = [b for _, b in label_blocks if b is not heading]  # more text under the label
    return Item(
        heading,
        content=hints + slot,
        kind="question",
        rank=QUESTION_RANK,
        preset=True,
        placement="right",
        slot=slot,
    )


def _titles(row: Row, questions_follow: bool) -> list[Item]:
    """A row without a question: a section title (one merged cell, questions after it), or
    template text."""
    blocks: list[Block] = [b for cell in row.cells for _, b in cell.blocks if b.text.strip()]
    if not blocks:
        return []
    single = len(row.filled) == 1 and is_label_cell(row.filled[0])
    # a header row's words ("Yes", "No", "N/A") are no template text to cut out of answers
    kind = "section" if single and questions_follow else "header"
    first = Item(blocks[0], kind=kind, rank=SECTION_RANK, preset=True)
    first.content = blocks[1:]
    return [first]
