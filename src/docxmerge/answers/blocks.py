"""What a block is, for both sides of matching: answer boxes, inline controls, heading evidence,
outline rank. Pure predicates on :class:`~docxmerge.model.Block`.
"""

from __future__ import annotations

from docxmerge.answers.normalize import numbering_depth
from docxmerge.model import Block, Control

# Controls that wrap layout, not an answer (ECMA-376 §17.5.2: group, docPartObj for cover
# pages and tables of contents, citations, equations).
NON_ANSWER_KINDS = frozenset(
    {"group", "docPartObj", "docPartList", "citation", "bibliography", "equation"}
)


def answer_control(block: Block) -> Control | None:
    """The innermost control around ``block`` that can hold an answer."""
    for control in reversed(block.controls):
        if control.kind not in NON_ANSWER_KINDS:
            return control
    return None


def in_answer_box(block: Block) -> bool:
    """True when the whole paragraph sits inside an answer control (not a run-level one)."""
    if not block.controls:
        return False
    return any(c.kind not in NON_ANSWER_KINDS and c.level != "run" for c in block.controls)


def inline_control(block: Block) -> Control | None:
    """A run-level answer control inside a paragraph that also carries label text."""
    if in_answer_box(block):
        return None
    for control in block.controls:
        if control.level == "run" and control.kind not in NON_ANSWER_KINDS:
            return control
    return None


def styled_as_heading(block: Block) -> bool:
    """Heading evidence from formatting: outline level, heading/title style, numbering, bold."""
    style = block.style.casefold()
    return (
        block.heading_level is not None
        or style.startswith(("heading", "title", "subtitle", "rubrik"))
        or block.bold
        or (block.num_id is not None and block.list_format not in (None, "bullet", "none"))
    )


def heading_rank(block: Block) -> tuple[int, int]:
    """Smaller is higher in the outline: (style rank, typed or list numbering depth)."""
    depth = numbering_depth(block.text)
    if block.style.casefold().startswith("title"):
        style_rank = 0
    elif block.heading_level is not None:
        style_rank = block.heading_level
    elif block.num_id is not None and block.list_format not in (None, "bullet", "none"):
        style_rank = 10
        depth = depth or (block.list_level or 0) + 1
    elif block.table is not None and not block.bold:
        style_rank = 30
    else:
        style_rank = 20
    return style_rank, depth if depth is not None else 9


def at_or_above(block: Block, other: Block) -> bool:
    """True when ``block`` is at the same outline level as ``other`` or higher.

    Two real heading styles at one level are siblings whatever their typed numbers; between
    bold paragraphs the typed numbering decides ("1." above "Beskriv ...").
    """
    (style, depth), (other_style, other_depth) = heading_rank(block), heading_rank(other)
    if style != other_style:
        return style < other_style
    return style < 20 or depth <= other_depth


def is_slot_block(block: Block) -> bool:
    """An answer box: a block-level control, or a paragraph that is only a run-level one."""
    return in_answer_box(block) or (inline_control(block) is not None and not typed_text(block))


def typed_text(block: Block) -> str:
    """The text of ``block`` that is not a placeholder prompt."""
    if not block.runs:
        return block.text.strip()
    return "".join(r.text for r in block.runs if not r.placeholder).strip()
