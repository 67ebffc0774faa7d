"""A text slot (a control or the paragraphs under a heading): its kept blocks, text, status and
flags."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TypeVar

from docxmerge.answers.blocks import ANSWER_LABELS, in_answer_box, inline_control
from docxmerge.answers.normalize import normalize_heading
from docxmerge.answers.shortcuts import declined, may_be_one_of
from docxmerge.answers.slots.checkbox import checkbox_choice
from docxmerge.answers.slots.clean import clean_block
from docxmerge.answers.slots.reading import Reading
from docxmerge.model import (
    FLAG_DATA_BINDING,
    FLAG_DECLINED,
    FLAG_OUTSIDE_CONTROL,
    FLAG_PLACEHOLDER_LEFT,
    AnswerStatus,
    Block,
    Control,
    FormField,
    Question,
    Run,
)


def has_content(block: Block) -> bool:
    """Text or a picture."""
    return bool(block.text.strip()) or any(r.image is not None for r in block.runs)


def answer_blocks(
    region: Sequence[Block], template_keys: set[str], prompts: Sequence[str]
) -> tuple[list[Block], bool]:
    """The kept blocks of ``region`` and whether a placeholder prompt was seen in it."""
    kept: list[Block] = []
    saw = False
    key_lengths = sorted({len(key) for key in template_keys})
    for block in region:
        text = block.text
        if (
            text.strip()
            and may_be_one_of(text, key_lengths)
            and normalize_heading(text) in template_keys
        ):
            # template text left in the form; a prompt that reads like a label still is one
            saw = saw or bool(block.placeholder_text) or _shows_prompt(block)
            continue
        cleaned = clean_block(block, prompts)
        saw = saw or cleaned.placeholder
        kept.append(checkbox_choice(cleaned.block))
    while kept and not has_content(kept[0]):
        kept.pop(0)
    while kept and not has_content(kept[-1]):
        kept.pop()
    return kept, saw


def _shows_prompt(block: Block) -> bool:
    return any(c.showing_placeholder for c in block.controls)


def after_label(block: Block) -> Block:
    """``block`` without its text up to the first colon ("Övriga upplysningar: Inga")."""
    head, _, rest = block.text.partition(":")
    shorter = drop_prefix(block, len(head) + 1)
    spaces = len(rest) - len(rest.lstrip())
    return dataclasses.replace(
        shorter,
        text=rest.strip(),
        form_fields=_moved(shorter.form_fields, spaces),
        controls=_moved(shorter.controls, spaces),
    )


_Offsetted = TypeVar("_Offsetted", FormField, Control)


def _moved(items: tuple[_Offsetted, ...], count: int) -> tuple[_Offsetted, ...]:
    """Slot offsets moved ``count`` characters to the front (never before the text)."""
    if not count:
        return items
    return tuple(
        dataclasses.replace(i, offset=max(i.offset - count, 0)) if i.offset is not None else i
        for i in items
    )


def drop_prefix(block: Block, count: int) -> Block:
    """``block`` without its first ``count`` characters (runs cut, slot offsets moved along)."""
    runs: list[Run] = []
    skip = count
    for run in block.runs:
        if skip >= len(run.text) and run.image is None:
            skip -= len(run.text)
            continue
        runs.append(dataclasses.replace(run, text=run.text[skip:]) if skip else run)
        skip = 0
    return dataclasses.replace(
        block,
        text=block.text[count:],
        runs=tuple(runs),
        form_fields=_moved(block.form_fields, count),
        controls=_moved(block.controls, count),
    )


def question_end(text: str, question: str) -> int | None:
    """Where a paragraph that begins with ``question`` (as normalised) stops being it: the
    end of the question's last word and its punctuation; None when it does not begin so."""
    key = normalize_heading(question)
    words = key.split()
    if len(key) < 15 or not words:
        return None
    last = words[-1]
    found = text.casefold().find(last, max(len(question) - 20, 0))
    if found < 0 or not normalize_heading(text[: found + len(last)]).endswith(key[-30:]):
        return None
    end = found + len(last)
    while end < len(text) and text[end] in '?.:!;,)\u201d"':
        end += 1
    return end if text[end:].strip() else None


def without_answer_label(block: Block) -> Block:
    """A first answer line typed after the template's "Svar:" without it."""
    head, colon, _ = block.text.partition(":")
    if colon and normalize_heading(head) in ANSWER_LABELS:
        return after_label(block)
    return block


def answer_status(
    question: Question, blocks: list[Block], saw: bool, slot_kept: bool = False
) -> tuple[AnswerStatus, str, list[str]]:
    """Status, text and flags of a text answer's kept blocks; ``saw``: a prompt was seen;
    ``slot_kept``: some of the answer stands in the template's control or field."""
    text = "\n".join(b.text.strip() for b in blocks if b.text.strip())
    flags: list[str] = []
    if not blocks:
        return ("placeholder" if saw else "empty"), "", flags
    if saw:
        flags.append(FLAG_PLACEHOLDER_LEFT)
    if question.slot in ("control", "legacy_field") and not slot_kept:
        flags.append(FLAG_OUTSIDE_CONTROL)  # typed where the control was, or below it
    if declined(text):
        flags.append(FLAG_DECLINED)
    return "answered", text, flags


def read_text(
    question: Question, region: Sequence[Block], template_keys: set[str], prompts: Sequence[str]
) -> Reading:
    """A text slot's answer: its kept blocks, text, status and flags."""
    if region:
        region = [without_answer_label(region[0]), *region[1:]]
    blocks, saw = answer_blocks(region, template_keys, prompts)
    untouched = _untouched_fields(question, region)
    # an untouched legacy field: its EN SPACEs are the slot's prompt
    kept = any(holds_slot(b, question) and has_content(b) for b in blocks)
    status, text, flags = answer_status(question, blocks, saw or untouched, kept)
    if untouched and blocks:  # typed beside the field, not in it
        flags = [f for f in flags if f != FLAG_PLACEHOLDER_LEFT or saw]
        if FLAG_OUTSIDE_CONTROL not in flags:
            flags.append(FLAG_OUTSIDE_CONTROL)
    bound = _bound_answer(region, status)
    if bound is not None:
        return bound
    return Reading(status, text, tuple(flags), tuple(blocks))


def holds_slot(block: Block, question: Question) -> bool:
    """A paragraph inside, or holding, what the question's slot is in the template: an answer
    control, or a legacy form field."""
    if question.slot == "legacy_field":
        return bool(block.form_fields)
    return in_answer_box(block) or inline_control(block) is not None


def _untouched_fields(question: Question, region: Sequence[Block]) -> bool:
    """A legacy-field slot whose text fields were all left as they were."""
    fields = [f for b in region for f in b.form_fields if f.kind == "text"]
    return question.slot == "legacy_field" and bool(fields) and not any(f.value for f in fields)


def _bound_answer(region: Sequence[Block], status: AnswerStatus) -> Reading | None:
    """A data-bound control showing nothing or its prompt while the customXml store holds a
    value (ECMA-376 §17.5.2.6): that value is the answer."""
    if status == "answered":
        return None
    for block in region:
        for control in block.controls:
            value = (control.bound_value or "").strip()
            if value and control.kind != "picture":
                paragraph = Block(block.index, value, (Run(value),))
                return Reading("answered", value, (FLAG_DATA_BINDING,), (paragraph,))
    return None
