"""What was asked: derive sections, questions, metadata fields, instructions and prompts
from a blank template :class:`~docxmerge.model.Document`.

The template is read as items by layout (:mod:`docxmerge.answers.layouts`): each top-level
table is offered to the table layouts (grid, question and answer rows, label | answer), what
none of them takes and every paragraph outside tables to the heading layout. What each item is,
which are metadata fields, and the sections and ids, is then decided the same way for all
(:mod:`~docxmerge.answers.layouts.items`). Each question's slot says what kind of answer it takes
(:mod:`docxmerge.answers.slots`).
"""

from __future__ import annotations

from docxmerge.answers.blocks import LIST_KINDS, answer_control
from docxmerge.answers.form import match_form
from docxmerge.answers.layouts import headings, label_answer, row_pairs
from docxmerge.answers.layouts.items import (
    Item,
    classify,
    mark_fields,
    sections_and_questions,
)
from docxmerge.answers.layouts.tables import prompt_like, top_level_tables
from docxmerge.answers.normalize import clean_spaces
from docxmerge.answers.optional import mark_optional
from docxmerge.answers.slots.choice import template_options
from docxmerge.answers.slots.dates import is_date_slot
from docxmerge.model import (
    FLAG_PLACEHOLDER_LEFT,
    Block,
    Control,
    Document,
    FieldSpec,
    Question,
    QuestionKind,
    Section,
    SlotKind,
    Template,
)

TABLE_LAYOUTS = (row_pairs.claim, label_answer.claim)


def derive_template(doc: Document) -> Template:
    """Understand a blank template: see the module docstring."""
    title = document_title(doc)
    preamble, items = _items(doc)
    classify(items)
    mark_fields(items)
    sections = sections_and_questions(items, title)
    questions = [
        _question(item, section, qid) for section, found in sections for qid, item in found
    ]
    return Template(
        title=title,
        language=doc.language,
        sections=tuple(section for section, _ in sections),
        questions=mark_optional(questions),
        fields=_fields(items, {id(item): qid for _, found in sections for qid, item in found}),
        instructions=_instructions(preamble, items, [s for s, _ in sections]),
        prompts=_prompts(doc, questions),
        control_ids=frozenset(c.id for block in doc.blocks for c in block.controls if c.id),
    )


def held_answers(doc: Document, template: Template) -> tuple[str, ...]:
    """Where a template already holds answers: the labels of its filled metadata fields and
    the ids of its answered questions, read as a returned form is read (controls not showing
    their prompt with text typed in, answer paragraphs filled, boxes ticked). A blank template
    holds none; a returned form given as the template (the respondent's own form) holds some.
    What a blank form shows beside its slots is its own: text beside unticked boxes ("Date of
    application:" in an office-use cell), a label inside a control still showing its prompt
    ("Virksomhet: Klikk ..."); so a choice counts only when a box is ticked, and an answer
    only when no prompt is left in it.
    """
    form = match_form(doc, template)
    fields = [label for label, value in form.fields.items() if value.strip()]
    held = [
        a
        for a in form.answers
        if a.status == "answered" and a.value != () and FLAG_PLACEHOLDER_LEFT not in a.flags
    ]
    return (*fields, *(answer.question_id for answer in held))


def _items(doc: Document) -> tuple[list[Block], list[Item]]:
    """The template's items in document order: the tables' first, then the headings'."""
    claimed: dict[int, list[Item]] = {}
    consumed: set[int] = set()
    for table in top_level_tables(doc):
        for layout in TABLE_LAYOUTS:
            found = layout(table)
            if found is not None:
                for item in found:
                    claimed.setdefault(item.heading.index, []).append(item)
                consumed.update(table.indexes)
                break
    return headings.split(doc, claimed, consumed - claimed.keys())


def _instructions(
    preamble: list[Block], items: list[Item], sections: list[Section]
) -> tuple[str, ...]:
    """Fixed template text: never part of an answer."""
    titles = {s.title for s in sections}
    texts = [clean_spaces(b.text) for b in preamble if b.text.strip()]
    for item in items:
        if item.kind == "header":
            continue
        if item.kind in ("instruction", "section") and item.heading.text.strip() not in titles:
            texts.append(clean_spaces(item.heading.text))
        texts.extend(clean_spaces(b.text) for b in (*item.prose, *item.furniture))
    return tuple(dict.fromkeys(t for t in texts if t))


def _question(item: Item, section: Section, qid: str) -> Question:
    slot = item.slot_blocks
    control = item.control
    text = item.label
    choice = (item.options, False) if item.options else template_options(slot, text)
    kind: QuestionKind = "choice" if choice else ("date" if is_date_slot(slot) else "text")
    options, multiple = choice or ((), False)
    if kind == "choice" and (control is None or control.kind not in LIST_KINDS):
        control = None  # its checkboxes are the slot: an "Other: [ ]" control is not the answer
    return Question(
        id=qid,
        section_id=section.id,
        section=section.title,
        text=text,
        slot=_slot_kind(item, slot),
        control_tag=_tag(control),
        control_alias=_alias(control),
        prompt=_prompt(item, slot, control),
        kind=kind,
        options=options,
        multiple=multiple,
        placement=item.placement,
        row=clean_spaces(item.heading.text) if item.column is not None else None,
        column=item.column,
    )


def _slot_kind(item: Item, slot: list[Block]) -> SlotKind:
    if any(answer_control(b) is not None for b in slot):
        return "control"
    if any(b.form_fields for b in slot):
        return "legacy_field"
    if item.placement == "right" or any(b.table is not None for b in slot if b is not item.heading):
        return "cell"
    return "paragraphs"


def _prompt(item: Item, slot: list[Block], control: Control | None) -> str | None:
    """What the slot holds in the template: a control's prompt, else its prompt-like text."""
    if control is not None and control.placeholder_text:
        return clean_spaces(control.placeholder_text)
    for block in (item.heading, *slot):
        if block.placeholder_text.strip():
            return clean_spaces(block.placeholder_text)
    texts = [b for b in slot if b is not item.heading and b.text.strip()]
    if texts and prompt_like(texts):
        return clean_spaces(" ".join(b.text for b in texts))
    return None


def _fields(items: list[Item], question_ids: dict[int, str]) -> tuple[FieldSpec, ...]:
    """The metadata fields, each with the question that follows it."""
    fields = []
    for n, item in enumerate(items):
        if item.kind == "field":
            after = (question_ids.get(id(i)) for i in items[n + 1 :])
            control = item.control
            before = next((qid for qid in after if qid is not None), None)
            fields.append(FieldSpec(item.label, _tag(control), _alias(control), before))
    return tuple(fields)


def _tag(control: Control | None) -> str | None:
    return control.tag if control is not None and control.tag else None


def _alias(control: Control | None) -> str | None:
    return control.alias if control is not None and control.alias else None


def document_title(doc: Document) -> str:
    """The title a document shows: its first Title-styled paragraph, else its first heading,
    else its first text."""
    for block in doc.blocks:
        if block.text.strip() and block.style.casefold().startswith("title"):
            return clean_spaces(block.text)
    for block in doc.blocks:
        if block.text.strip() and block.heading_level is not None:
            return clean_spaces(block.text)
    for block in doc.blocks:
        if block.text.strip():
            return clean_spaces(block.text)
    return ""


def _prompts(doc: Document, questions: list[Question]) -> tuple[str, ...]:
    """Every placeholder prompt of the template: controls', glossary entries', and the text
    a question's slot holds (the principle: whatever the slot holds is its prompt)."""
    found: list[str] = []
    for block in doc.blocks:
        for control in block.controls:
            if control.placeholder_text and control.placeholder_text.strip():
                found.append(clean_spaces(control.placeholder_text))
        if block.placeholder_text.strip():
            found.append(clean_spaces(block.placeholder_text))
    found.extend(clean_spaces(t) for t in doc.glossary.values() if 0 < len(t.strip()) <= 200)
    found.extend(q.prompt for q in questions if q.prompt and q.slot != "control")
    return tuple(dict.fromkeys(found))


def template_rows(t: Template) -> list[dict[str, object]]:
    """One row per question for ``docxmerge questions``: id, section, text, slot, kind, options
    and whether several may be chosen, where the answer stands, whether it is optional."""
    return [
        {
            "id": q.id,
            "section": q.section,
            "text": q.text,
            "slot": q.slot,
            "kind": q.kind,
            "options": list(q.options),
            "multiple": q.multiple,
            "placement": q.placement,
            "optional": q.optional,
        }
        for q in t.questions
    ]
