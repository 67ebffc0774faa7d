"""A text slot (a control or the paragraphs under a heading): its kept blocks, text, status and
flags."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from docxmerge.answers.blocks import in_answer_box, inline_control
from docxmerge.answers.normalize import normalize_heading
from docxmerge.answers.shortcuts import declined, may_be_one_of
from docxmerge.answers.slots.checkbox import checkbox_choice
from docxmerge.answers.slots.clean import clean_block
from docxmerge.model import (
    FLAG_DECLINED,
    FLAG_OUTSIDE_CONTROL,
    FLAG_PLACEHOLDER_LEFT,
    AnswerStatus,
    Block,
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
            continue  # template text left in the form
        cleaned = clean_block(block, prompts)
        saw = saw or cleaned.placeholder
        kept.append(checkbox_choice(cleaned.block))
    while kept and not has_content(kept[0]):
        kept.pop(0)
    while kept and not has_content(kept[-1]):
        kept.pop()
    return kept, saw


def after_label(block: Block) -> Block:
    """``block`` without its text up to the first colon ("Övriga upplysningar: Inga")."""
    head, _, rest = block.text.partition(":")
    runs: list[Run] = []
    skip = len(head) + 1
    for run in block.runs:
        if skip >= len(run.text) and run.image is None:
            skip -= len(run.text)
            continue
        runs.append(dataclasses.replace(run, text=run.text[skip:]) if skip else run)
        skip = 0
    return dataclasses.replace(block, text=rest.strip(), runs=tuple(runs))


def answer_status(
    question: Question, blocks: list[Block], saw: bool, form_has_boxes: bool = True
) -> tuple[AnswerStatus, str, list[str]]:
    """Status, text and flags of a text slot's kept ``blocks`` (``saw``: a prompt was cut).

    ``outside_control`` only where a reader should look: the template's slot is an answer box,
    the form still has answer boxes (``form_has_boxes``), and this answer was typed outside
    them. A form with no box at all (converted from .doc, or copied into a new document) has
    every answer outside, and nothing to look at.
    """
    text = "\n".join(b.text.strip() for b in blocks if b.text.strip())
    flags: list[str] = []
    if not blocks:
        return ("placeholder" if saw else "empty"), "", flags
    if saw:
        flags.append(FLAG_PLACEHOLDER_LEFT)
    if (
        question.slot == "control"
        and form_has_boxes
        and any(
            has_content(b) and not in_answer_box(b) and inline_control(b) is None for b in blocks
        )
    ):
        flags.append(FLAG_OUTSIDE_CONTROL)
    if declined(text):
        flags.append(FLAG_DECLINED)
    return "answered", text, flags
