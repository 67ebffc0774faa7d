"""A paragraph that holds only a checkbox: what it says as an answer."""

from __future__ import annotations

import dataclasses

from docxmerge.answers.blocks import BOX_GLYPHS
from docxmerge.answers.slots.clean import emptied
from docxmerge.model import Block, Run


def checkbox_choice(block: Block) -> Block:
    """A paragraph holding only a checkbox: empty when unchecked, "☒" when checked.

    The state is w14:checked ([MS-DOCX] w14:checkbox) or a FORMCHECKBOX's w:checked
    (ECMA-376 §17.16.7), not the glyph: Word draws whatever w14:checkedState names.
    """
    if not block.controls and not block.form_fields:
        return block
    boxes = [c.checked for c in block.controls if c.kind == "checkbox"]
    boxes += [f.checked for f in block.form_fields if f.kind == "checkbox"]
    if not boxes or block.text.strip(BOX_GLYPHS + " \t\u00a0"):
        return block  # no box, or text typed beside it: the text is the answer
    if any(boxes):
        return dataclasses.replace(block, text="☒", runs=(Run("☒"),))
    return emptied(block)
