"""Choice slots: checkboxes with their labels, dropdown controls, legacy FORMDROPDOWN fields.

In the template, a slot's checkboxes and the text beside each give the options; a list
control or a legacy dropdown gives its items. In a returned form, what was chosen is read from
the boxes' state (w14:checked, FORMCHECKBOX w:checked: never the glyph), the chosen item, or,
where the respondent deleted the boxes, from a label (or "X" beside a label) typed instead.
Text typed beside the boxes is the answer's comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from docxmerge.answers.blocks import BOX_GLYPHS, LIST_KINDS, checkboxes
from docxmerge.answers.normalize import clean_spaces, is_known_prompt, normalize_heading
from docxmerge.answers.shortcuts import declined
from docxmerge.answers.slots.reading import Reading
from docxmerge.answers.slots.text import answer_blocks
from docxmerge.model import (
    FLAG_DECLINED,
    FLAG_OUTSIDE_CONTROL,
    FLAG_PLACEHOLDER_LEFT,
    FLAG_SEVERAL_CHOSEN,
    AnswerStatus,
    Block,
    Question,
)

_MULTIPLE_HINTS = re.compile(
    r"flera svar|flera alternativ|kryssa i alla|markera alla|alla som stämmer|ett eller flera|"
    r"select all|all that apply|tick all|check all|one or more|mark all|mehrere|alle zutreffenden|"
    r"flere kryds|flere svar|kryds ved alle|kryss av for alle|flere alternativ|gerne flere",
    re.IGNORECASE,
)
_PLURAL = re.compile(r"\w\((?:s|es|er|n|na)\)")  # "purpose(s)", "område(n)": one or several
# First entries of a legacy dropdown that only ask for a choice: "Välj...", "Choose one", "--"
_CHOOSE = re.compile(
    r"^(?:välj|choose|select|pick|vælg|velg|wählen|bitte wählen)\b|^[-–—_.… ]*$|[.…]{2,}$",
    re.IGNORECASE,
)
_TICKS = frozenset({"x", "☒", "☑", "✓", "✔", "✗", "✘", "■"})
LABEL_MATCH = 85.0  # a typed label this close to an option's is that option


@dataclass(frozen=True, slots=True)
class Box:
    """One checkbox in a paragraph: where it is, whether it is ticked, the label beside it."""

    block: Block
    offset: int
    ticked: bool
    label: str
    label_span: tuple[int, int]  # where the label stands in the block's text


# --------------------------------------------------------------------------- the template


def template_options(blocks: Sequence[Block], question: str) -> tuple[tuple[str, ...], bool] | None:
    """(options, multiple) of a slot that is a choice; None when it is none."""
    for block in blocks:
        for control in block.controls:
            if control.kind in LIST_KINDS:
                return _listed(control.items), False
        for form_field in block.form_fields:
            if form_field.kind == "dropdown":
                return _listed(form_field.items), False
    labels = tuple(dict.fromkeys(box.label for block in blocks for box in boxes_of(block)))
    if not labels:
        return None
    said = " ".join([question, *(b.text for b in blocks)])
    return labels, bool(_MULTIPLE_HINTS.search(said) or _PLURAL.search(question))


def _listed(items: Sequence[str]) -> tuple[str, ...]:
    """A list's items without the entries that only ask for a choice."""
    return tuple(i for i in items if not is_known_prompt(i) and not is_choose_prompt(i))


def is_choose_prompt(text: str) -> bool:
    """ "Välj...", "Choose an item", "--": an entry asking for a choice, not an option."""
    text = clean_spaces(text)
    return not text or is_known_prompt(text) or bool(_CHOOSE.search(text))


def boxes_of(block: Block) -> list[Box]:
    """The checkboxes of a paragraph with the label that stands after each (or before, when
    the labels come first: "Ja ☐ Nej ☐")."""
    found = checkboxes(block)
    if not found:
        return []
    text = block.text
    starts = [offset for offset, _ in found]
    others = _other_slots(block)  # "☐ Other: [text control]": the label stops at the control
    ends = [
        min([*starts[n + 1 : n + 2], *(o for o in others if o > s), len(text)])
        for n, s in enumerate(starts)
    ]
    after = [_label_span(text, s + 1, e) for s, e in zip(starts, ends, strict=True)]
    if not any(text[a:b].strip() for a, b in after):
        befores = [0, *(s + 1 for s in starts[:-1])]
        after = [_label_span(text, b, s) for b, s in zip(befores, starts, strict=True)]
    return [
        Box(block, offset, ticked, clean_spaces(text[a:b]), (a, b))
        for (offset, ticked), (a, b) in zip(found, after, strict=True)
    ]


def _other_slots(block: Block) -> list[int]:
    """Where the paragraph's other slots (text controls, legacy text fields) start."""
    found = [f.offset for f in block.form_fields if f.kind != "checkbox"]
    found += [
        c.offset for c in block.controls if c.level == "run" and c.kind != "checkbox" and c.offset
    ]
    return found


def _label_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The label between two boxes: up to a tab or a wide gap, trimmed."""
    piece = text[start:end]
    cut = re.search(r"\t| {3,}|\n", piece.strip(" \u00a0" + BOX_GLYPHS))
    stripped = piece.lstrip(" \u00a0" + BOX_GLYPHS)
    begin = start + len(piece) - len(stripped)
    if cut is not None:
        stripped = stripped[: cut.start()]
    stripped = stripped.rstrip(" \u00a0:\t")
    return begin, begin + len(stripped)


# --------------------------------------------------------------------------- a returned form


def option_for(label: str, options: Sequence[str]) -> str | None:
    """The template option a label stands for (as written, or nearly)."""
    key = normalize_heading(label)
    if not key:
        return None
    best, best_score = None, 0.0
    for option in options:
        other = normalize_heading(option)
        score = 100.0 if key == other else float(fuzz.ratio(key, other))
        if score > best_score:
            best, best_score = option, score
    return best if best_score >= LABEL_MATCH else None


def typed_choices(line: str, options: Sequence[str]) -> list[str]:
    """The options a typed line names: the label alone ("Ja"), or ticked with a mark beside it
    ("X Male   Female": the label the mark stands by)."""
    words = clean_spaces(line).strip(" .:;,")
    found = option_for(words, options)
    if found is not None:
        return [found]
    chosen = []
    for piece in re.split(r"\t| {2,}", line):
        option = _ticked(clean_spaces(piece).strip(" .:;,"), options)
        if option is not None:
            chosen.append(option)
    return chosen


def _ticked(piece: str, options: Sequence[str]) -> str | None:
    """The option in "X Label" or "Label X" (any tick mark), or None."""
    lowered = piece.casefold()
    for tick in _TICKS:
        rests = []
        if lowered.startswith(tick + " "):
            rests.append(piece[len(tick) :])
        if lowered.endswith(" " + tick):
            rests.append(piece[: len(piece) - len(tick)])
        for rest in rests:
            found = option_for(rest.strip(" .:;,-"), options)
            if found is not None:
                return found
    return None


def is_tick(text: str) -> bool:
    """A cell or line holding only a tick mark ("X", "☒", "✓")."""
    return clean_spaces(text).casefold() in _TICKS


@dataclass
class _Choosing:
    """What one choice slot says, gathered block by block."""

    options: tuple[str, ...]
    chosen: set[str]
    comments: list[str]
    placeholder: bool = False
    typed: bool = False  # a label typed where the boxes were

    def choose(self, option: str | None) -> None:
        if option is not None:
            self.chosen.add(option)


def read_choice(
    question: Question,
    region: Sequence[Block],
    template_keys: set[str],
    prompts: Sequence[str],
    label_cell: int | None = None,
) -> Reading:
    """A choice slot's answer: chosen labels (value), comment, status and flags."""
    state = _Choosing(question.options, set(), [])
    typed: list[Block] = []
    for block in region:
        if _read_boxes(block, state, label_cell) or _read_lists(block, state):
            continue
        if _read_tick(block, state, label_cell):
            continue
        typed.append(block)
    kept, saw = answer_blocks(typed, template_keys, prompts)
    for line in (ln for b in kept for ln in b.text.split("\n") if ln.strip()):
        options = typed_choices(line, state.options)
        for option in options:
            state.choose(option)
            state.typed = True
        if not options:
            state.comments.append(clean_spaces(line))
    state.placeholder = state.placeholder or saw
    return _reading(question, state, tuple(kept))


def _read_boxes(block: Block, state: _Choosing, label_cell: int | None) -> bool:
    boxes = boxes_of(block)
    if not boxes:
        return False
    cut: list[tuple[int, int]] = []
    drawn = not any(c.kind == "checkbox" for c in block.controls) and not block.form_fields
    for n, box in enumerate(boxes):
        option, span = _box_option(box, state.options)
        if option is None:
            option = _by_position(box, n, len(boxes), state.options, label_cell)
        if box.ticked:
            state.choose(option)
            state.typed = state.typed or drawn  # "☒" typed where the box control was
        cut.append((box.offset, box.offset + 1))
        if span is not None:
            cut.append(span)
    rest = _blanked(block.text, cut)
    kept = []
    for piece in re.split(r"\t| {2,}", rest):  # a box deleted and "X" typed by its label
        words = clean_spaces(piece).strip(" .:;,")
        option = _ticked(words, state.options) if words else None
        if option is not None:
            state.choose(option)
            state.typed = True
        else:
            kept.append(piece)
    comment = clean_spaces(" ".join(kept)).strip(BOX_GLYPHS + " \t\u00a0:;,-")
    if comment.strip(".") and not is_known_prompt(comment):
        state.comments.append(comment)
    return True


def _blanked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with the characters at ``spans`` (boxes, their labels) replaced by tabs."""
    out, at = [], 0
    for start, end in sorted(spans):
        if end <= at:
            continue
        start = max(start, at)
        out += [text[at:start], "\t" * (end - start)]
        at = end
    out.append(text[at:])
    return "".join(out)


def _box_option(box: Box, options: Sequence[str]) -> tuple[str | None, tuple[int, int] | None]:
    """The option a box's label names, and the span of that label (a comment may follow it)."""
    if not box.label:
        return None, None
    start, end = box.label_span
    text = box.block.text
    for option in sorted(options, key=len, reverse=True):
        piece = text[start : start + len(option)]
        after = text[start + len(option) : start + len(option) + 1]
        if normalize_heading(piece) == normalize_heading(option) and not after.isalnum():
            return option, (start, start + len(option))
    found = option_for(box.label, options)
    return found, ((start, end) if found is not None else None)


def _by_position(
    box: Box, n: int, count: int, options: Sequence[str], label_cell: int | None
) -> str | None:
    """A box without a label: its column in a grid, or its place among as many boxes."""
    pos = box.block.table
    if pos is not None and label_cell is not None and pos.cell > label_cell:
        column = pos.cell - label_cell - 1
        return options[column] if column < len(options) else None
    return options[n] if count == len(options) else None


def _read_lists(block: Block, state: _Choosing) -> bool:
    """Drop-down list and combo box controls, legacy FORMDROPDOWNs (§17.16.9)."""
    lists = [c for c in block.controls if c.kind in LIST_KINDS]
    dropdowns = [f for f in block.form_fields if f.kind == "dropdown"]
    if not lists and not dropdowns:
        return False
    for control in lists:
        if control.showing_placeholder or not control.selected_item:
            state.placeholder = state.placeholder or control.showing_placeholder
            continue
        state.choose(option_for(control.selected_item, state.options) or control.selected_item)
        _, chosen, rest = block.text.partition(control.selected_item)
        if chosen and rest.strip(" .,;:-"):  # typed after the chosen item: "Yes (updated 2022)"
            state.comments.append(clean_spaces(rest).strip(" ,;:-"))
    for dropdown in dropdowns:
        if is_choose_prompt(dropdown.value):
            state.placeholder = True
        else:
            state.choose(option_for(dropdown.value, state.options) or dropdown.value)
    return True


def _read_tick(block: Block, state: _Choosing, label_cell: int | None) -> bool:
    """ "X" typed in a grid cell where its box was."""
    pos = block.table
    if pos is None or label_cell is None or pos.cell <= label_cell or not is_tick(block.text):
        return False
    column = pos.cell - label_cell - 1
    if column < len(state.options):
        state.choose(state.options[column])
        state.typed = True
    return True


def _reading(question: Question, state: _Choosing, blocks: tuple[Block, ...]) -> Reading:
    chosen = tuple(o for o in state.options if o in state.chosen)
    chosen += tuple(sorted(state.chosen - set(chosen)))  # a combo box's own entry
    comment = "\n".join(c for c in state.comments if c)
    text = "\n".join(part for part in (", ".join(chosen), comment) if part)
    flags: list[str] = []
    if len(chosen) > 1 and not question.multiple:
        flags.append(FLAG_SEVERAL_CHOSEN)
    if state.typed and question.slot in ("control", "legacy_field"):
        flags.append(FLAG_OUTSIDE_CONTROL)
    if not chosen and comment and declined(comment):
        flags.append(FLAG_DECLINED)
    if state.placeholder and comment:
        flags.append(FLAG_PLACEHOLDER_LEFT)  # a list left on its prompt, a remark typed by it
    if chosen or comment:
        return Reading("answered", text, tuple(flags), blocks, chosen)
    status: AnswerStatus = "placeholder" if state.placeholder else "empty"
    return Reading(status, "", (), (), ())
