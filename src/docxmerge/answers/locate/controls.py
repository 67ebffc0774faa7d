"""Answers found by their content control: a template answer control whose tag (or alias) is
unique in the template and still present in the form decides where that answer is."""

from __future__ import annotations

from collections.abc import Sequence

from docxmerge.answers.blocks import NON_ANSWER_KINDS, in_answer_box, styled_as_heading
from docxmerge.model import Document, Template


def unique(values: Sequence[str | None]) -> set[str]:
    seen = [v for v in values if v]
    return {v for v in seen if seen.count(v) == 1}


def control_spans(doc: Document, template: Template) -> dict[str, tuple[int, int]]:
    """question id -> (first, last) block of its answer control still present in the form."""
    tags = unique([q.control_tag for q in template.questions])
    aliases = unique([q.control_alias for q in template.questions])
    wanted = {("tag", v) for v in tags} | {("alias", v) for v in aliases}
    found: dict[tuple[str, str], tuple[int, int]] = {}
    for i, block in enumerate(doc.blocks):
        for control in block.controls:
            if control.kind in NON_ANSWER_KINDS:
                continue
            for kind, value in (("tag", control.tag), ("alias", control.alias)):
                if value and (kind, value) in wanted:
                    first, _ = found.get((kind, value), (i, i))
                    if first == i or _same_control(doc, first, i, control):
                        found[(kind, value)] = (first, i)
    spans: dict[str, tuple[int, int]] = {}
    for q in template.questions:
        if q.control_tag in tags and ("tag", q.control_tag) in found:
            spans[q.id] = found[("tag", q.control_tag)]
        elif q.control_alias in aliases and ("alias", q.control_alias) in found:
            spans[q.id] = found[("alias", q.control_alias or "")]
    return spans


def _same_control(doc: Document, first: int, i: int, control: object) -> bool:
    """Blocks ``first``..``i`` all sit in ``control`` (one occurrence, not a copy further on)."""
    return all(control in doc.blocks[j].controls for j in range(first, i + 1))


def control_heads(doc: Document, spans: dict[str, tuple[int, int]]) -> dict[str, int]:
    """question id -> the heading-like paragraph right above its control, if any."""
    heads: dict[str, int] = {}
    for qid, (first, _) in spans.items():
        for i in range(first - 1, -1, -1):
            block = doc.blocks[i]
            if not block.text.strip():
                continue
            if styled_as_heading(block) and not in_answer_box(block):
                heads[qid] = i
            break
    return heads
