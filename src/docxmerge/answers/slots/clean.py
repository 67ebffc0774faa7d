"""An answer slot's blocks without the template's placeholder prompts.

Prompts are cut out run by run: the typed runs keep their formatting, links and pictures.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docxmerge.answers.blocks import NON_ANSWER_KINDS
from docxmerge.answers.shortcuts import known_prompt, quick_prompt_spans
from docxmerge.model import Block, Control, Run


@dataclass(frozen=True, slots=True)
class Cleaned:
    block: Block
    placeholder: bool  # a prompt was seen (and removed) in this block


def clean_block(block: Block, prompts: Sequence[str]) -> Cleaned:
    """``block`` without placeholder prompts; an empty block when only a prompt was there.

    Prompts are cut out run by run: the typed runs keep their formatting, links and pictures.
    """
    controls = block.controls
    for control in controls:
        if (
            control.showing_placeholder
            and control.level != "run"
            and control.kind not in NON_ANSWER_KINDS
        ):
            return _clean_flagged(block, control, prompts)
    runs = block.runs or ((Run(block.text),) if block.text else ())
    typed: tuple[Run, ...]
    if len(runs) == 1:  # most paragraphs are one run
        typed = () if runs[0].placeholder else runs
    else:
        typed = tuple([r for r in runs if not r.placeholder])
    saw = len(typed) < len(runs) and any(r.placeholder and r.text.strip() for r in runs)
    text = joined(typed)
    for control in controls:  # a run-level control's prompt not styled as one
        prompt = control.placeholder_text
        if control.level == "run" and control.showing_placeholder and prompt and prompt in text:
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(prompt), text)]
            typed, saw = _cut(typed, spans), True
            text = joined(typed)
    prompts = tuple(prompts)
    if known_prompt(text, prompts):
        return Cleaned(emptied(block), True)
    spans = quick_prompt_spans(text, prompts)
    kept = _trimmed(_cut(typed, spans))
    if kept is typed and text == block.text and not saw:
        return Cleaned(block, False)  # the common case: nothing to cut, nothing to trim
    text = joined(kept)
    if text == block.text and not saw and not spans:
        return Cleaned(block, False)
    return Cleaned(dataclasses.replace(block, text=text, runs=kept), saw or bool(spans))


def joined(runs: Sequence[Run]) -> str:
    return runs[0].text if len(runs) == 1 else "".join([r.text for r in runs])


def _cut(runs: tuple[Run, ...], spans: Sequence[tuple[int, int]]) -> tuple[Run, ...]:
    """``runs`` without the characters at ``spans`` (offsets into their joined text)."""
    if not spans:
        return runs
    result: list[Run] = []
    offset = 0
    for run in runs:
        text = "".join(
            ch
            for n, ch in enumerate(run.text, offset)
            if not any(start <= n < end for start, end in spans)
        )
        offset += len(run.text)
        if text or run.image is not None:
            result.append(run if text == run.text else dataclasses.replace(run, text=text))
    return tuple(result)


def _trimmed(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Runs with the outer whitespace gone, as ``text`` is: a removed prompt leaves a space.

    Trimmed across runs: all-space runs at either end go, then the first and last left. Runs
    that need no change are returned as they came (the same object).
    """
    if runs and all(r.text or r.image is not None for r in runs):
        first, last = runs[0], runs[-1]
        # (str.strip() removes exactly what str.isspace() holds true for)
        if (first.image is not None or not first.text[0].isspace()) and (
            last.image is not None or not last.text[-1].isspace()
        ):
            return runs
    kept = list(runs)
    while kept and kept[0].image is None and not kept[0].text.strip():
        kept.pop(0)
    while kept and kept[-1].image is None and not kept[-1].text.strip():
        kept.pop()
    if kept and kept[0].image is None and kept[0].text != kept[0].text.lstrip():
        kept[0] = dataclasses.replace(kept[0], text=kept[0].text.lstrip())
    if kept and kept[-1].image is None and kept[-1].text != kept[-1].text.rstrip():
        kept[-1] = dataclasses.replace(kept[-1], text=kept[-1].text.rstrip())
    return tuple(r for r in kept if r.text or r.image is not None)


def _clean_flagged(block: Block, control: Control, prompts: Sequence[str]) -> Cleaned:
    """A block in a control flagged as showing its prompt (ECMA-376 §17.5.2.39 showingPlcHdr).

    Word sometimes leaves the flag set after text was typed: when the control's own prompt is
    known and the text is not that prompt, the typed text is kept.
    """
    own = control.placeholder_text
    known = (*prompts, own) if own else tuple(prompts)
    if own is None or not own.strip() or known_prompt(block.text, known):
        return Cleaned(emptied(block), True)
    runs = tuple(dataclasses.replace(r, placeholder=False) for r in block.runs)
    runs = runs or (Run(block.text),)
    spans = quick_prompt_spans(joined(runs), known)
    kept = _trimmed(_cut(runs, spans))
    if not joined(kept).strip() and not any(r.image is not None for r in kept):
        return Cleaned(emptied(block), True)
    return Cleaned(dataclasses.replace(block, text=joined(kept), runs=kept), bool(spans))


def emptied(block: Block) -> Block:
    return dataclasses.replace(block, text="", runs=())
