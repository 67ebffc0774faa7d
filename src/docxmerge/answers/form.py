"""Where each question went: find every template question in a read form and take its answer.

1. Controls: a template answer control whose tag (or alias) is unique in the template and
   still present in the form decides where that answer is (:mod:`.locate.controls`).
2. Headings: a monotonic alignment of the template's section and question headings to the
   form's paragraphs (:mod:`.locate.align`).
3. Questions still unmatched may be found out of order among unused heading-like paragraphs
   with a stricter score, or by position (:mod:`.locate.fallbacks`).

The answer is what lies between the question's heading (or control) and the next matched
heading or control, read by its slot kind (:mod:`.slots`); the metadata fields come from
:mod:`.fields`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from docxmerge.answers.blocks import answer_control, slot_start
from docxmerge.answers.fields import field_spans, read_fields
from docxmerge.answers.locate.align import CONFIDENT, Hit, Target, align, candidates, too_long_limit
from docxmerge.answers.locate.controls import control_heads, control_spans
from docxmerge.answers.locate.fallbacks import find_out_of_order, fix_swaps, rescue
from docxmerge.answers.locate.foreign import foreign_question
from docxmerge.answers.normalize import clean_spaces, heading_edited, normalize_heading
from docxmerge.answers.slots.choice import read_choice
from docxmerge.answers.slots.dates import read_date
from docxmerge.answers.slots.reading import Reading
from docxmerge.answers.slots.text import after_label, drop_prefix, question_end, read_text
from docxmerge.model import (
    FLAG_DATA_BINDING,
    FLAG_EDITED_HEADING,
    FLAG_LOW_MATCH,
    FLAG_OUT_OF_ORDER,
    FLAG_OUTSIDE_CONTROL,
    FLAG_PLACEHOLDER_LEFT,
    FLAG_SEVERAL_CHOSEN,
    Answer,
    Block,
    Document,
    FormAnswers,
    Message,
    Question,
    TablePos,
    Template,
)


def _targets(template: Template) -> list[Target]:
    by_section: dict[str, list[Question]] = {}
    for q in template.questions:
        by_section.setdefault(q.section_id, []).append(q)
    targets: list[Target] = []
    for section in template.sections:
        questions = by_section.get(section.id, [])
        own = len(questions) == 1 and questions[0].text.strip() == section.title.strip()
        if not own and section.has_heading:
            targets.append(Target(normalize_heading(section.title), None))
        targets.extend(_question_targets(questions))
    return targets


def _question_targets(questions: list[Question]) -> list[Target]:
    """One target per question; the cells of one row to fill in share their row's label."""
    targets: list[Target] = []
    for question in questions:
        last = targets[-1] if targets else None
        same_row = last is not None and last.question is not None and last.question.row
        if question.row is not None and last is not None and same_row == question.row:
            targets[-1] = Target(last.key, last.question, (*last.also, question))
            continue
        targets.append(Target(normalize_heading(question.row or question.text), question))
    return targets


def _template_keys(template: Template) -> set[str]:
    texts = [*template.instructions, *(s.title for s in template.sections)]
    texts += [q.text for q in template.questions] + [f.label for f in template.fields]
    return {k for k in (normalize_heading(t) for t in texts) if k}


@dataclass(frozen=True, slots=True)
class _Form:
    """What every answer of one form is cut with."""

    doc: Document
    starts: list[int]  # first block of every matched heading and control, sorted
    template_keys: set[str]
    prompts: tuple[str, ...]
    month_first: bool = False  # "03/04/2022" is March 4 (a US English template)
    # kinds of answer slot the template has for several questions and the form for none
    gone_kinds: frozenset[str] = frozenset()
    control_ids: frozenset[str] = frozenset()  # the template's (Template.control_ids)
    # (question id, heading) of each question the template lacks found in an answer
    foreign: list[tuple[str, str]] = dataclasses.field(default_factory=list)


def match_form(doc: Document, template: Template, *, file: str = "") -> FormAnswers:
    """Find every template question in ``doc``; answers in template order."""
    targets = _targets(template)
    cands = candidates(doc, too_long_limit(targets))
    hits = align(targets, cands)
    spans = control_spans(doc, template)
    controlled = {t for t, tg in enumerate(targets) if tg.question and tg.question.id in spans}
    fix_swaps(targets, cands, hits)
    find_out_of_order(targets, cands, hits, controlled)
    rescue(doc, targets, cands, hits, controlled)
    heads = control_heads(doc, spans)
    taken = {i: t for t, h in hits.items() for i in range(h.start, h.end + 1)}
    starts = {h.start for h in hits.values()} | {s for s, _ in spans.values()}
    form = _Form(
        doc,
        sorted(starts | set(heads.values())),
        _template_keys(template),
        template.prompts,
        (template.language or "").casefold() == "en-us",
        _gone_kinds(doc, template),
        template.control_ids,
    )
    answers: list[Answer] = []
    for t, target in enumerate(targets):
        if target.question is None:
            continue
        hit, head = hits.get(t), heads.get(target.question.id)
        if head is not None and taken.get(head, t) == t and (hit is None or hit.end >= head):
            hit = Hit(head, head, 0.0)  # the paragraph right above the control
        for question in (target.question, *target.also):
            answers.append(_answer(form, question, hit, spans.get(question.id)))
    fields = read_fields(
        doc,
        template,
        min(form.starts, default=len(doc.blocks)),
        field_spans(doc, template),
        _field_stops(template, hits, targets, spans),
        form.starts,
    )
    # The first field as written; respondents.assign names the respondent (file name too).
    raw = fields.get(template.fields[0].label) if template.fields else None
    messages = [m for a in answers for m in _messages(a, file)]
    messages += [_foreign_note(file, qid, heading) for qid, heading in form.foreign]
    if not hits and not spans and not any(fields.values()):
        messages.append(_not_this_form(file))  # every answer is missing too: no anchor at all
    return FormAnswers(raw or None, fields, tuple(answers), tuple(messages))


def _field_stops(
    template: Template,
    hits: dict[int, Hit],
    targets: list[Target],
    spans: dict[str, tuple[int, int]],
) -> dict[str, int]:
    """Where to stop looking for a field standing among the questions: at the question that
    follows it in the template, where the form has it."""
    starts: dict[str, int] = {qid: span[0] for qid, span in spans.items()}
    for t, hit in hits.items():
        for question in (targets[t].question, *targets[t].also):
            if question is not None:
                starts.setdefault(question.id, hit.start)
    stops = {}
    for spec in template.fields:
        stop = starts.get(spec.before) if spec.before is not None else None
        if stop is not None:
            stops[spec.label] = stop
    return stops


def _gone_kinds(doc: Document, template: Template) -> frozenset[str]:
    """The kinds of answer slot (content controls, legacy fields) the template has for several
    questions and the form holds none of, anywhere.

    ``outside_control`` says an answer was typed outside its box while the form keeps the
    others; where every box of the template is gone (a .doc converted by LibreOffice keeps no
    content control, a form retyped in a new document none at all) every answer stands outside,
    and a flag on each says nothing a reader can act on. A single box deleted is still flagged.
    """
    present = set()
    for block in doc.blocks:
        if answer_control(block) is not None:
            present.add("control")
        if block.form_fields:
            present.add("legacy_field")
    kinds = [question.slot for question in template.questions]
    several = {kind for kind in ("control", "legacy_field") if kinds.count(kind) > 1}
    return frozenset(several - present)


def _region(
    form: _Form, question: Question, hit: Hit | None, span: tuple[int, int] | None
) -> list[Block]:
    """The blocks from the heading (or control) to the next matched heading or control; for
    an answer to the right of its label, only the rest of the label's table row."""
    blocks = form.doc.blocks
    inline = hit is not None and (hit.inline or question.placement == "inline")
    if span is not None:
        begin, after = span
    elif hit is not None:
        begin, after = (hit.start if inline else hit.end + 1), hit.end
    else:
        return []
    stop = next((s for s in form.starts if s > after), len(blocks))
    region = list(blocks[begin:stop])
    if span is None and hit is not None and question.placement == "right":
        region = _rest_of_row(blocks[hit.end], region)
    elif span is None and hit is not None and question.placement == "cell":
        region = _cell_of(blocks[hit.end], question.column, list(blocks[hit.end + 1 :]))
    elif span is not None and region and question.placement in ("right", "cell"):
        # found by its control: the control's row (or cell), not what follows the table
        kept = _rest_of_row(region[0], region)
        here = region[0].table
        region = [b for b in kept if question.placement == "right" or _same_cell(b, here)]
    if span is None and inline and region:
        region[0] = _after_label_or_question(region[0], question)
    return region


def _after_label_or_question(block: Block, question: Question) -> Block:
    """The answer part of a paragraph that starts with its question: after the question's
    own words ("Hur upplever ni...? Positivt."), after a label's colon, or from the slot on."""
    end = question_end(block.text, question.text)
    colon = block.text.find(":")
    if end is not None and not 0 <= colon < end:
        return drop_prefix(block, end + len(block.text[end:]) - len(block.text[end:].lstrip()))
    return after_label(block) if colon >= 0 else _after_heading(block)


def _rest_of_row(label: Block, region: list[Block]) -> list[Block]:
    """The region's blocks in the label's table row (nested tables included); all of the
    region when the label is no table cell (the table was undone)."""
    here = label.table
    if here is None:
        return region
    kept = []
    for block in region:
        pos = block.table
        if pos is None or (pos.table != here.table and pos.depth <= here.depth):
            break
        if pos.depth == here.depth and pos.row != here.row:
            break
        kept.append(block)
    return kept


def _same_cell(block: Block, here: TablePos | None) -> bool:
    pos = block.table
    return here is None or (pos is not None and (pos.depth > here.depth or pos.cell == here.cell))


def _cell_of(label: Block, column: int | None, after: list[Block]) -> list[Block]:
    """The rest of the label's cell; with ``column``, the cell that many to its right."""
    here = label.table
    if here is None:
        return after[:1] if column is not None else after
    row = _rest_of_row(label, after)
    wanted = here.cell + (column or 0)
    return [
        b
        for b in row
        if b.table is not None and (b.table.depth > here.depth or b.table.cell == wanted)
    ]


def _after_heading(block: Block) -> Block:
    """A label paragraph with its slot inline but no colon: from the slot on."""
    start = slot_start(block)
    return drop_prefix(block, start) if start else block


def _read(form: _Form, question: Question, region: list[Block], label: Block | None) -> Reading:
    """The answer in ``region``, read as the question's kind of slot."""
    keys, prompts = form.template_keys, form.prompts
    if question.kind == "choice":
        cell = label.table.cell if label is not None and label.table is not None else None
        return read_choice(question, region, keys, prompts, cell)
    if question.kind == "date":
        return read_date(question, region, keys, prompts, form.month_first)
    return read_text(question, region, keys, prompts)


def _answer(
    form: _Form, question: Question, hit: Hit | None, span: tuple[int, int] | None
) -> Answer:
    if span is None and hit is None:
        return Answer(question.id, "missing", "", value=() if question.kind == "choice" else None)
    label = form.doc.blocks[hit.end] if hit is not None else None
    region = _region(form, question, hit, span)
    cut = foreign_question(region, form.control_ids, form.template_keys)
    if cut is not None:
        form.foreign.append((question.id, clean_spaces(region[cut].text)))
        region = region[:cut]
    reading = _read(form, question, region, label)
    flags = list(reading.flags)
    if question.slot in form.gone_kinds:  # no box left anywhere: nothing to look at
        flags = [flag for flag in flags if flag != FLAG_OUTSIDE_CONTROL]
    heading = None
    if hit is not None:
        heading = clean_spaces(" ".join(b.text for b in form.doc.blocks[hit.start : hit.end + 1]))
        if hit.inline or question.placement == "inline":
            end = question_end(heading, question.text)
            heading = heading[:end].rstrip().removesuffix(":") if end else heading.partition(":")[0]
            heading = heading.strip()
    score = None if span is not None or hit is None else hit.score
    # the question's text has lost its label colon ("Week ending:" stands as "Week ending")
    found = heading.rstrip().removesuffix(":") if heading is not None else None
    if found is not None and heading_edited(found, question.row or question.text):
        flags.insert(0, FLAG_EDITED_HEADING)
    if score is not None and score < CONFIDENT:
        flags.insert(0, FLAG_LOW_MATCH)
    if hit is not None and hit.out_of_order and span is None:
        flags.append(FLAG_OUT_OF_ORDER)
    return Answer(
        question.id,
        reading.status,
        reading.text,
        score,
        tuple(flags),
        heading,
        _out_of_label_table(reading.blocks, label),
        reading.value,
        tuple(b.index for b in region),
    )


def _out_of_label_table(blocks: tuple[Block, ...], label: Block | None) -> tuple[Block, ...]:
    """An answer read from the cells of its question's own table is paragraphs, not a table
    of its own (a table inside those cells stays one)."""
    here = label.table if label is not None else None
    if here is None or not any(b.table is not None and b.table.table == here.table for b in blocks):
        return blocks
    return tuple(
        dataclasses.replace(b, table=None)
        if b.table is not None and b.table.table == here.table
        else b
        for b in blocks
    )


_MESSAGE_TEXT = {
    FLAG_LOW_MATCH: "Question {question}: the heading matched only {score}%",
    FLAG_EDITED_HEADING: "Question {question}: the heading was edited in the form",
    FLAG_OUTSIDE_CONTROL: "Question {question}: the answer was typed outside the box",
    FLAG_OUT_OF_ORDER: "Question {question}: out of template order",
    FLAG_PLACEHOLDER_LEFT: "Question {question}: placeholder text left next to the answer",
    FLAG_SEVERAL_CHOSEN: "Question {question}: more than one option ticked where one is asked",
    FLAG_DATA_BINDING: (
        "Question {question}: the answer was read from the form's stored data; the box itself "
        "shows nothing or its prompt"
    ),
}  # every flag a reader should look at ("declined" is written by the workbook writer)


def _not_this_form(file: str) -> Message:
    text = "Nothing of the template was found in this file: is it the right form?"
    return Message(file, "file", "not_this_form", text)


def _foreign_note(file: str, question_id: str, heading: str) -> Message:
    shown = heading if len(heading) <= _SHOWN_MOST else heading[: _SHOWN_MOST - 1] + "…"
    text = (
        f"Question {question_id}: after it the form has a question the template lacks: "
        f"“{shown}” (filled in on another version of the form?)"
    )
    params = (("question", question_id), ("text", shown))
    return Message(file, f"question {question_id}", "foreign_question", text, params)


_SHOWN_MOST = 80  # characters of a heading quoted in a message


def _messages(answer: Answer, file: str) -> list[Message]:
    params = {"question": answer.question_id, "score": f"{answer.score or 0:.0f}"}
    return [
        Message(
            file,
            f"question {answer.question_id}",
            flag,
            _MESSAGE_TEXT[flag].format(**params),
            tuple(params.items()),
        )
        for flag in answer.flags
        if flag in _MESSAGE_TEXT
    ]
