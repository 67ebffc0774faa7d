"""Label and slot in one cell: a form laid out as a table of boxes, each holding its label and
under it the place to answer (visa and application forms: "4. Date of birth" over a date
picker, "8. Sex" over "☐ Male ☐ Female"). Each such cell is a question answered in the rest of
its cell.
"""

from __future__ import annotations

from docxmerge.answers.blocks import checkboxes, inline_label, is_slot_block
from docxmerge.answers.layouts.items import Item
from docxmerge.answers.layouts.tables import QUESTION_RANK, Cell, Row, prompt_like
from docxmerge.model import Block, Placement


def row_items(row: Row) -> list[Item]:
    """The row's label-and-slot cells as questions (none when the row has no such cell).

    Where the row has one, a cell holding a label over blank lines ("Signature") is one too.
    """
    items = [item for cell in row.cells if (item := _cell_item(cell, blank=False)) is not None]
    if not items:
        return []
    taken = {id(item.heading) for item in items}
    blanks = [_cell_item(c, blank=True) for c in row.cells]
    return sorted(
        [*items, *(i for i in blanks if i is not None and id(i.heading) not in taken)],
        key=lambda item: item.heading.index,
    )


def _cell_item(cell: Cell, blank: bool) -> Item | None:
    blocks = [b for _, b in cell.blocks]
    first = next((n for n, b in enumerate(blocks) if b.text.strip()), None)
    if first is None:
        return None
    label, rest = blocks[first], blocks[first + 1 :]
    if inline_label(label):
        return _item(label, [label], rest, "inline")
    if is_slot_block(label) or checkboxes(label) or prompt_like([label]):
        return None
    if any(is_slot_block(b) or checkboxes(b) for b in rest):
        return _item(label, rest, rest, "cell")
    if blank and rest and not any(b.text.strip() for b in rest):
        return _item(label, rest, rest, "cell")
    return None


def _item(label: Block, slot: list[Block], rest: list[Block], placement: Placement) -> Item:
    return Item(
        label,
        content=rest,
        kind="question",
        rank=QUESTION_RANK,
        preset=True,
        placement=placement,
        slot=slot,
    )
