"""A question the template does not have, standing inside another question's answer.

A form filled in on another version of the template (a question added there, the version not
given to the run) holds that question's heading and answer box where the template has none:
the answer before it would run on over both. Its box gives it away: a content control whose
id no control of the template has (Word keeps a control's w:id, ECMA-376 §17.5.2.18, when the
form is filled in and saved; a control added to the form gets a new one), right after a
paragraph that is not the template's own text and reads as a question. The answer stops at
that paragraph and the run says which question the template lacks.
"""

from __future__ import annotations

from collections.abc import Sequence

from docxmerge.answers.blocks import in_answer_box
from docxmerge.answers.normalize import normalize_heading
from docxmerge.model import Block

_FOLLOWING_MOST = 3  # empty paragraphs that may stand between the heading and its box


def foreign_question(
    region: Sequence[Block], template_ids: frozenset[str], template_keys: set[str]
) -> int | None:
    """Where in ``region`` the heading of a question the template lacks stands, or None."""
    if not template_ids:
        return None  # a template without controls (or their ids): nothing to tell by
    for at in range(1, len(region)):
        block = region[at]
        if in_answer_box(block) or not _reads_as_question(block):
            continue
        if normalize_heading(block.text) in template_keys:
            continue  # the template's own words (a label inside the slot)
        box = _next_box(region, at + 1)
        if box is not None and _new_box(box, region[:at], template_ids):
            return at
    return None


def _reads_as_question(block: Block) -> bool:
    """A heading, a bold paragraph, or a sentence ending in a question mark."""
    text = block.text.strip()
    return bool(text) and (block.heading_level is not None or block.bold or text.endswith("?"))


def _next_box(region: Sequence[Block], start: int) -> Block | None:
    """The first non-empty block from ``start`` when it sits in an answer control."""
    for block in region[start : start + _FOLLOWING_MOST + 1]:
        if in_answer_box(block):
            return block
        if block.text.strip():
            return None
    return None


def _new_box(box: Block, before: Sequence[Block], template_ids: frozenset[str]) -> bool:
    """The box's control is none of the template's, nor one the answer already holds."""
    seen = {c.id for block in before for c in block.controls}
    return any(
        c.id is not None and c.id not in template_ids and c.id not in seen
        for c in box.controls
        if c.level != "run"
    )
