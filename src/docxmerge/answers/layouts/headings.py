"""Questions as headings, each followed by its answer slot: the layout of the form docxmerge was
built for (and of most reports Word users write).

A *heading* is a short paragraph that is not inside an answer box and is set apart by a
heading style, an outline level, list numbering, bold type, or by sitting in the label cell
of a table row. What follows a heading decides what it is:

- an answer box (content control) -> a question (or, before the first section, a metadata
  field such as "Nämnd");
- a deeper heading -> a section, when questions end up under it;
- prose -> instruction (template text, never an answer);
- only empty paragraphs, or nothing but the heading ends with "?" -> a question whose answer
  slot is the paragraphs up to the next heading.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docxmerge.answers.blocks import (
    answer_control,
    at_or_above,
    heading_rank,
    inline_control,
    is_slot_block,
    styled_as_heading,
    typed_text,
)
from docxmerge.answers.layouts import Found
from docxmerge.answers.normalize import clean_spaces, numbering_depth
from docxmerge.model import Block, Control, Document, FieldSpec, Question, Section, SlotKind

MAX_HEADING_CHARS = 300
MAX_FIELD_LABEL_CHARS = 60


def find(doc: Document, title: str) -> Found:
    """The sections, questions, fields and instruction texts of a template in this layout;
    ``title`` names the one section of questions that have no section heading above them."""
    preamble, items = _split_items(doc)
    _classify(items)
    _mark_fields(items)
    sections, questions = _number_questions(items, title)
    instructions = [clean_spaces(b.text) for b in preamble if b.text.strip()]
    for item in items:
        if item.kind in ("instruction", "section") and not any(
            s.title == item.heading.text.strip() for s in sections
        ):
            instructions.append(clean_spaces(item.heading.text))
        instructions.extend(clean_spaces(b.text) for b in item.prose)
    fields = [
        FieldSpec(it.label, _tag(it.control), _alias(it.control))
        for it in items
        if it.kind == "field"
    ]
    return Found(tuple(sections), tuple(questions), tuple(fields), tuple(instructions))


@dataclass
class _Item:
    """A heading and the blocks up to the next heading."""

    heading: Block
    content: list[Block] = field(default_factory=list)
    inline: Control | None = None  # "Label: [control]" in one paragraph
    kind: str = ""  # question | section | instruction | field

    @property
    def control(self) -> Control | None:
        if self.inline is not None:
            return self.inline
        for block in self.content:
            if is_slot_block(block):
                return answer_control(block)
        return None

    @property
    def prose(self) -> list[Block]:
        return [b for b in self.content if b.text.strip() and not is_slot_block(b)]

    @property
    def label(self) -> str:
        """The heading text; for an inline control, the text before it without a colon."""
        text = self.heading.text
        if self.inline is not None and self.heading.runs:
            text = "".join(r.text for r in self.heading.runs if not r.placeholder)
        return clean_spaces(text).rstrip(":").strip()


def _is_template_heading(blocks: tuple[Block, ...], i: int) -> bool:
    block = blocks[i]
    text = block.text.strip()
    if not text or len(text) > MAX_HEADING_CHARS or is_slot_block(block):
        return False
    if inline_control(block) is not None or styled_as_heading(block):
        return True
    return _is_label_cell(blocks, i)


def _is_label_cell(blocks: tuple[Block, ...], i: int) -> bool:
    """A table cell whose neighbour cell in the same row is an answer slot."""
    here = blocks[i].table
    if here is None or i + 1 >= len(blocks):
        return False
    nxt = blocks[i + 1]
    return (
        nxt.table is not None
        and (nxt.table.table, nxt.table.row) == (here.table, here.row)
        and nxt.table.cell == here.cell + 1
        and (is_slot_block(nxt) or not nxt.text.strip())
    )


def _split_items(doc: Document) -> tuple[list[Block], list[_Item]]:
    preamble: list[Block] = []
    items: list[_Item] = []
    for i, block in enumerate(doc.blocks):
        if _is_template_heading(doc.blocks, i):
            items.append(_Item(block, inline=inline_control(block)))
        elif items:
            items[-1].content.append(block)
        else:
            preamble.append(block)
    return preamble, items


def _classify(items: list[_Item]) -> None:
    for n, item in enumerate(items):
        nxt = items[n + 1] if n + 1 < len(items) else None
        has_empty = any(not b.text.strip() for b in item.content)
        if item.control is not None:
            item.kind = "question"
        elif heading_rank(item.heading)[0] == 0:
            item.kind = "instruction"  # the document title
        elif nxt is not None and not at_or_above(nxt.heading, item.heading):
            item.kind = "section"
        elif item.prose:
            item.kind = "instruction"
        elif has_empty or item.heading.text.rstrip().endswith("?"):
            item.kind = "question"
        else:
            item.kind = "instruction"


def _field_like(item: _Item) -> bool:
    control = item.control
    plain = control is None or control.kind in ("text", "date", "comboBox", "dropDownList")
    return plain and len(item.label) <= MAX_FIELD_LABEL_CHARS and not item.label.endswith("?")


def _questions_under(items: list[_Item], n: int) -> list[_Item]:
    found: list[_Item] = []
    for item in items[n + 1 :]:
        if item.kind == "section" or at_or_above(item.heading, items[n].heading):
            break
        if item.kind == "question":
            found.append(item)
    return found


def _mark_fields(items: list[_Item]) -> None:
    """Short-label slots before the first section holding questions are metadata fields.

    A leading section holding only such slots ("Uppgifter om nämnden") is the field block.
    """
    first = _first_real_section(items)
    while first is not None and _field_block(items, first):
        for question in _questions_under(items, first):
            question.kind = "field"
        items[first].kind = "instruction"
        first = _first_real_section(items)
    limit = first if first is not None else len(items)
    for item in items[:limit]:
        if item.kind != "question":
            continue
        short = len(item.label) <= MAX_FIELD_LABEL_CHARS and not item.label.endswith("?")
        if short and (first is not None or _field_like(item)):
            item.kind = "field"
        elif first is None:
            break


def _field_block(items: list[_Item], n: int) -> bool:
    """True when section ``n``, the first holding slots, is a block of metadata fields.

    Never a numbered heading ("1. Growth", or Word numbering), nor the only section; its
    slots must all be short labels, and its heading must rank apart from the question
    sections after it, unless every slot is a table label cell or a label ending in ":".
    """
    heading = items[n].heading
    numbered = numbering_depth(heading.text) is not None or (
        heading.num_id is not None and heading.list_format not in (None, "bullet", "none")
    )
    later = _first_real_section(items, n + 1)
    slots = _questions_under(items, n)
    if numbered or later is None or not all(_field_like(q) for q in slots):
        return False
    if heading_rank(heading)[0] != heading_rank(items[later].heading)[0]:
        return True
    return all(q.heading.table is not None or typed_text(q.heading).endswith(":") for q in slots)


def _first_real_section(items: list[_Item], start: int = 0) -> int | None:
    for n in range(start, len(items)):
        if items[n].kind == "section" and _section_has_questions(items, n):
            return n
    return None


def _section_has_questions(items: list[_Item], n: int) -> bool:
    return bool(_questions_under(items, n))


def _number_questions(items: list[_Item], title: str) -> tuple[list[Section], list[Question]]:
    sections: list[Section] = []
    questions: list[Question] = []
    current: Block | None = None
    count = 0
    for n, item in enumerate(items):
        if item.kind == "section" and _section_has_questions(items, n):
            sections.append(Section(str(len(sections) + 1), item.heading.text.strip()))
            current, count = item.heading, 0
            continue
        if item.kind != "question":
            continue
        if current is None and not sections:
            sections.append(Section("1", title))  # questions with no section above them
        elif current is not None and at_or_above(item.heading, current):
            # A heading at section level with its own answer box ("Övriga upplysningar").
            sections.append(Section(str(len(sections) + 1), item.label))
            count = 0
        count += 1
        section = sections[-1]
        questions.append(_question(item, section, f"{section.id}.{count}"))
    return sections, questions


def _question(item: _Item, section: Section, qid: str) -> Question:
    control = item.control
    slot: SlotKind = "control" if control is not None else "paragraphs"
    prompt = None
    if control is not None:
        prompt = control.placeholder_text or _first_placeholder(item) or None
    return Question(
        id=qid,
        section_id=section.id,
        section=section.title,
        text=item.label if item.inline is not None else item.heading.text.strip(),
        slot=slot,
        control_tag=_tag(control),
        control_alias=_alias(control),
        prompt=prompt,
    )


def _first_placeholder(item: _Item) -> str:
    for block in (item.heading, *item.content):
        if block.placeholder_text.strip():
            return clean_spaces(block.placeholder_text)
    return ""


def _tag(control: Control | None) -> str | None:
    return control.tag if control is not None and control.tag else None


def _alias(control: Control | None) -> str | None:
    return control.alias if control is not None and control.alias else None
