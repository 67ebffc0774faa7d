"""Questions as headings, each followed by its answer slot: the layout of the form docxmerge was
built for, and of most reports Word users write.

A *heading* is a short paragraph outside tables and answer boxes, set apart by a heading style,
an outline level, list numbering (the number is Word's, not in the text), bold type, or a slot
of its own after a label ("Nämnd: [field]"). What follows a heading decides what it is
(:func:`docxmerge.answers.layouts.items.classify`):

- an answer slot (content control, legacy form field, checkboxes) -> a question (or, before
  the first section, a metadata field such as "Nämnd");
- a deeper heading -> a section, when questions end up under it;
- prose -> instruction (template text, never an answer);
- only empty paragraphs, or nothing but the heading ends with "?" -> a question whose answer
  slot is the paragraphs up to the next heading.

A "Svar:" line between a question and its answer is part of the slot, never a heading. Tables
are the table layouts' (``label_answer``, ``row_pairs``, ``grid``): a table none of them takes
is content of the item above it (a table to fill in inside an answer).
"""

from __future__ import annotations

from collections.abc import Mapping

from docxmerge.answers.blocks import (
    inline_label,
    is_answer_label,
    is_slot_block,
    styled_as_heading,
)
from docxmerge.answers.layouts.items import Item
from docxmerge.model import Block, Document

MAX_HEADING_CHARS = 300


def split(
    doc: Document, claimed: Mapping[int, list[Item]], consumed: set[int]
) -> tuple[list[Block], list[Item]]:
    """The blocks before the first item, and every item in document order.

    ``claimed`` maps a block index to the items a table layout made of it (a row label of a
    table to fill in stands for several); ``consumed`` are the other blocks of those tables.
    """
    preamble: list[Block] = []
    items: list[Item] = []
    for i, block in enumerate(doc.blocks):
        if i in claimed:
            items.extend(claimed[i])
        elif i in consumed:
            continue
        elif block.table is None and is_heading(block):
            items.append(Item.from_heading(block))
        elif items:
            items[-1].content.append(block)
        else:
            preamble.append(block)
    return preamble, items


def is_heading(block: Block) -> bool:
    """A paragraph that starts an item: see the module docstring."""
    text = block.text.strip()
    if not text or len(text) > MAX_HEADING_CHARS or is_answer_label(block):
        return False
    if is_slot_block(block):
        return False
    return bool(inline_label(block)) or styled_as_heading(block)
