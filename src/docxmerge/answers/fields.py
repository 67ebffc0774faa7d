"""The metadata fields of a form (Nämnd, Kontaktperson, Telefon, E-post): by their control, else
by their label, before the first question."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence

from docxmerge.answers.blocks import inline_label, slot_start
from docxmerge.answers.locate.controls import unique
from docxmerge.answers.normalize import clean_spaces, is_known_prompt, normalize_heading
from docxmerge.answers.slots.clean import clean_block
from docxmerge.answers.slots.text import drop_prefix
from docxmerge.model import Block, Document, Template


def _field_value(
    doc: Document, i: int, label_key: str, prompts: Sequence[str], stop: int
) -> str | None:
    """The value for a label found at block ``i`` (same paragraph, next cell, next paragraph).

    "Nämnd:" with nothing after the colon looks further, as a bare label does; a prompt
    after the colon means the value was not filled in. Values are looked for before ``stop``.
    """
    block = doc.blocks[i]
    if len(block.text.partition(":")[0]) > 2 * len(label_key) + 20:
        return None  # a label is short: spare the cleaning of every long paragraph
    cleaned = clean_block(block, prompts)
    text = cleaned.block.text
    head, sep, rest = text.partition(":")
    # an empty field after the label is no value: the next paragraph is not looked at
    filled = rest.strip() or cleaned.placeholder or slot_start(block) is not None
    if sep and filled and normalize_heading(head) == label_key:
        return clean_spaces(rest)
    if normalize_heading(text) != label_key:
        return None
    if block.table is not None:
        row = list(_rest_of_row(doc, i))
        if not row and block.table.cells == 1:  # a full-width label row: the answer is below
            row = list(_next_row(doc, i, stop))
        return " ".join(clean_spaces(clean_block(b, prompts).block.text) for b in row).strip()
    for nxt in doc.blocks[i + 1 : min(i + 4, stop)]:
        cleaned = clean_block(nxt, prompts)
        if cleaned.placeholder and not cleaned.block.text.strip():
            return ""
        if cleaned.block.text.strip():
            return clean_spaces(cleaned.block.text)
    return ""


def _rest_of_row(doc: Document, i: int) -> Iterator[Block]:
    """The blocks after ``i`` in the same table row (a row's blocks stand together)."""
    here = doc.blocks[i].table
    for block in doc.blocks[i + 1 :]:
        pos = block.table
        if pos is None or here is None or (pos.table, pos.row) != (here.table, here.row):
            if pos is None or pos.depth <= (here.depth if here else 1):
                return
            continue  # a nested table inside the row's cells
        yield block


def _next_row(doc: Document, i: int, stop: int) -> Iterator[Block]:
    """The blocks of the row under block ``i``'s row, before ``stop`` (a label row and an
    answer row: "Organisation name" over the cell to type it in)."""
    here = doc.blocks[i].table
    for block in doc.blocks[i + 1 : stop]:
        pos = block.table
        if here is None or pos is None or pos.table != here.table or pos.row > here.row + 1:
            return
        if pos.row == here.row + 1 and pos.depth == here.depth:
            yield block


def read_fields(
    doc: Document,
    template: Template,
    stop: int,
    spans: dict[str, tuple[int, int]],
    stops: Mapping[str, int] | None = None,
    starts: Sequence[int] = (),
) -> dict[str, str]:
    """label -> value for every template field (``""`` when not filled in).

    The field's control decides when present; otherwise the label is looked for before
    ``stops[label]`` (where the question after it in the template stands), else before
    ``stop`` (the first matched heading). A value never reaches past a matched heading
    (``starts``, sorted).
    """
    prompts = template.prompts
    labels = {normalize_heading(f.label) for f in template.fields}
    values: dict[str, str] = {}
    for spec in template.fields:
        value = _field_by_control(doc, spans.get("field:" + spec.label), prompts)
        key = normalize_heading(spec.label)
        end = (stops or {}).get(spec.label, stop)
        for i in range(min(end, len(doc.blocks))):
            if value is not None:
                break
            value = _field_value(doc, i, key, prompts, _next_start(starts, i, end))
        if value is None or normalize_heading(value) in labels or is_known_prompt(value, prompts):
            value = ""  # not found, the next label, or the prompt
        values[spec.label] = value
    return values


def _next_start(starts: Sequence[int], i: int, end: int) -> int:
    """The first of ``starts`` after block ``i``, or ``end``."""
    at = bisect_right(starts, i)
    return min(starts[at], end) if at < len(starts) else end


def _field_by_control(
    doc: Document, span: tuple[int, int] | None, prompts: Sequence[str]
) -> str | None:
    if span is None:
        return None
    parts = [
        clean_block(_slot_part(b), prompts).block.text for b in doc.blocks[span[0] : span[1] + 1]
    ]
    return clean_spaces(" ".join(parts))


def _slot_part(block: Block) -> Block:
    """A "Label: [control]" paragraph from its control on; any other paragraph as it is."""
    start = slot_start(block)
    return drop_prefix(block, start) if start and inline_label(block) else block


def field_spans(doc: Document, template: Template) -> dict[str, tuple[int, int]]:
    """ "field:<label>" -> the blocks of that field's control (tag or alias unique)."""
    tags = unique(
        [f.control_tag for f in template.fields] + [q.control_tag for q in template.questions]
    )
    aliases = unique(
        [f.control_alias for f in template.fields] + [q.control_alias for q in template.questions]
    )
    rows_of: dict[tuple[str, str | None], list[int]] = {}  # ("tag"|"alias", value) -> blocks
    for i, block in enumerate(doc.blocks):
        for control in block.controls:
            for key in (("tag", control.tag), ("alias", control.alias)):
                rows = rows_of.setdefault(key, [])
                if not rows or rows[-1] != i:
                    rows.append(i)
    spans: dict[str, tuple[int, int]] = {}
    for spec in template.fields:
        found: set[int] = set()
        if spec.control_tag in tags:
            found.update(rows_of.get(("tag", spec.control_tag), ()))
        if spec.control_alias in aliases:
            found.update(rows_of.get(("alias", spec.control_alias), ()))
        if found:
            first = end = min(found)
            while end + 1 in found:
                end += 1
            spans["field:" + spec.label] = (first, end)
    return spans
