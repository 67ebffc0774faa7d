"""What a block is, for both sides of matching: answer boxes, inline controls, heading evidence,
outline rank. Pure predicates on :class:`~docxmerge.model.Block`.
"""

from __future__ import annotations

import re

from docxmerge.answers.normalize import normalize_heading, numbering_depth
from docxmerge.model import Block, Control

# Controls that wrap layout, not an answer (ECMA-376 §17.5.2: group, docPartObj for cover
# pages and tables of contents, citations, equations).
NON_ANSWER_KINDS = frozenset(
    {"group", "docPartObj", "docPartList", "citation", "bibliography", "equation"}
)
# List controls: a drop-down list and a combo box (ECMA-376 §17.5.2.15, §17.5.2.5)
LIST_KINDS = frozenset({"dropDownList", "comboBox"})
# Glyphs Word and respondents use for a checkbox (w14:checkedState/uncheckedState, symbols)
BOX_GLYPHS = "☐☑☒■□✓✔✗✘"
# A line that only announces the answer below it ("Svar:"): slot furniture, never a question
ANSWER_LABELS = frozenset(
    {
        "svar",
        "ditt svar",
        "ert svar",
        "nämndens svar",
        "svar från nämnden",
        "answer",
        "your answer",
        "response",
        "reply",
        "antwort",
        "svar/kommentar",
    }
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


def is_row_label(block: Block) -> bool:
    """The first cell of a table row with more cells: where a label | answer table puts its
    questions."""
    pos = block.table
    return pos is not None and pos.cell == 0 and pos.cells > 1 and len(block.text) <= 300


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


def slot_start(block: Block) -> int | None:
    """Where an answer slot starts in a paragraph's text: its first run-level answer control or
    legacy form field (None when it has neither)."""
    starts = [f.offset for f in block.form_fields]
    starts += [
        _placeholder_start(block) if c.offset is None else c.offset
        for c in block.controls
        if c.level == "run" and c.kind not in NON_ANSWER_KINDS
    ]
    return min(starts) if starts else None


def _placeholder_start(block: Block) -> int:
    """Where a run-level control of unknown offset starts: at its prompt, else at 0."""
    at = 0
    for run in block.runs:
        if run.placeholder:
            return at
        at += len(run.text)
    return 0


def inline_label(block: Block) -> str:
    """The label in front of a paragraph's slot ("Nämnd:" in "Nämnd: [field]"), or ""."""
    start = slot_start(block)
    if start is None or in_answer_box(block):
        return ""
    runs = block.runs or ()
    text = block.text[:start]
    if runs and any(r.placeholder for r in runs):
        text = _typed_prefix(block, start)
    label = text.strip(BOX_GLYPHS + " \t\u00a0:")
    return "" if normalize_heading(label) in ANSWER_LABELS else label  # "Svar: [control]"


def _typed_prefix(block: Block, end: int) -> str:
    """The first ``end`` characters of the paragraph without placeholder runs."""
    out, at = [], 0
    for run in block.runs:
        if at >= end:
            break
        if not run.placeholder:
            out.append(run.text[: end - at])
        at += len(run.text)
    return "".join(out)


def checkboxes(block: Block) -> list[tuple[int, bool]]:
    """The checkboxes of a paragraph, in text order: (offset, ticked).

    A w14:checkbox control's state is w14:checked, a FORMCHECKBOX's w:checked (ECMA-376
    §17.16.7): not the glyph, which is whatever w14:checkedState names.
    """
    found = [(f.offset, bool(f.checked)) for f in block.form_fields if f.kind == "checkbox"]
    for control in block.controls:
        if control.kind != "checkbox":
            continue
        offset = control.offset
        if offset is None:  # a block-level box: its glyph is the paragraph's first one
            offset = next((i for i, ch in enumerate(block.text) if ch in BOX_GLYPHS), 0)
        found.append((offset, bool(control.checked)))
    if not found and _drawn_boxes(block.text):
        # boxes typed as characters (a Google Docs export, a form made without controls)
        found = [(m.start(), m.group() in "☒☑") for m in _DRAWN_BOX.finditer(block.text)]
    return sorted(found)


def _drawn_boxes(text: str) -> bool:
    """A paragraph of typed boxes: it starts with one ("☐ Yes"), or is a short line holding
    several ("Kön:  ☐ Man  ☐ Kvinna"); not a sentence that mentions "☐"."""
    boxes = len(_DRAWN_BOX.findall(text))
    return boxes > 0 and (text.lstrip()[:1] in "☐☒☑□" or (boxes > 1 and len(text) <= 80))


# A box typed as a character: at the start or after a space, before a space or the end
_DRAWN_BOX = re.compile(r"(?:(?<=\s)|^)[☐☒☑□](?=\s|$)")


def label_before_slot(block: Block) -> str:
    """The text in front of a paragraph's slot or first checkbox ("Was first aid given?" in
    "Was first aid given? ☐ Yes ☐ No"), or ""."""
    label = inline_label(block)
    if label:
        return label
    boxes = checkboxes(block)
    if not boxes or boxes[0][0] == 0:
        return ""
    return block.text[: boxes[0][0]].strip(BOX_GLYPHS + " \t\u00a0:")


def is_slot_block(block: Block) -> bool:
    """An answer slot: a block-level control, or a paragraph holding run-level controls, legacy
    form fields or checkboxes with no label in front of them."""
    if in_answer_box(block):
        return True
    return slot_start(block) is not None and not inline_label(block)


def is_answer_label(block: Block) -> bool:
    """A "Svar:" / "Answer:" line between a question and its answer."""
    text = block.text.strip()
    return 0 < len(text) <= 30 and normalize_heading(text) in ANSWER_LABELS


def typed_text(block: Block) -> str:
    """The text of ``block`` that is not a placeholder prompt."""
    if not block.runs:
        return block.text.strip()
    return "".join(r.text for r in block.runs if not r.placeholder).strip()
