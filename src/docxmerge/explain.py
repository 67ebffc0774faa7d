"""Render what ``docxmerge inspect`` shows: a Document block by block, a FormAnswers per question
(both as text lines and as JSON-ready dictionaries); and what ``docxmerge questions`` lists of a
template, in the template's language.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Sequence
from typing import Any

from docxmerge.i18n import message_text, t
from docxmerge.model import (
    Answer,
    Block,
    Control,
    Document,
    FormAnswers,
    Question,
    Template,
    TemplateVersion,
)

MAX_TEXT = 100


def document_lines(doc: Document) -> list[str]:
    """One line per block (index, style, heading/list/table position, controls, flags, text),
    then headers/footers, comments and messages."""
    lines = [_block_line(block) for block in doc.blocks]
    if doc.language:
        lines.insert(0, f"language: {doc.language}")
    # text kept out of the body, shown so a missing answer can be found
    lines.extend(f"header/footer: {_shorten(text)}" for text in doc.headers_footers)
    lines.extend(f"comment: {_shorten(text)}" for text in doc.comments)
    lines.extend(f"message: {m.code} ({m.location}): {m.text}" for m in doc.messages)
    return lines


def _block_line(block: Block) -> str:
    parts = [f"{block.index:4d}", f"[{block.style}]"]
    if block.heading_level is not None:
        parts.append(f"H{block.heading_level}")
    if block.list_level is not None:
        parts.append(f"list {block.list_level} {block.list_format or '?'}")
    if block.table is not None:
        pos = block.table
        depth = f" depth {pos.depth}" if pos.depth > 1 else ""
        parts.append(f"table {pos.table} r{pos.row} c{pos.cell}{depth}")
    parts.extend(_control_label(control) for control in block.controls)
    parts.extend(f"<{f.kind} {f.name or ''}={f.value!r}>" for f in block.form_fields)
    flags = [
        name
        for name, on in (
            ("bold", block.bold),
            ("textbox", block.in_textbox),
            ("placeholder", bool(block.placeholder_text)),
            ("image", any(run.image is not None for run in block.runs)),
            ("link", any(run.link for run in block.runs)),
        )
        if on
    ]
    if flags:
        parts.append("{" + ",".join(flags) + "}")
    parts.append(_shorten(block.text))
    return " ".join(parts)


def _control_label(control: Control) -> str:
    bits = [control.level, control.kind]
    if control.tag:
        bits.append(f"tag={control.tag!r}")
    if control.alias:
        bits.append(f"alias={control.alias!r}")
    if control.showing_placeholder:
        bits.append("showing-placeholder")
    if control.checked is not None:
        bits.append("checked" if control.checked else "unchecked")
    if control.selected_item is not None:
        bits.append(f"selected={control.selected_item!r}")
    if control.date_value:
        bits.append(f"date={control.date_value}")
    return "<" + " ".join(bits) + ">"


def _shorten(text: str) -> str:
    visible = repr(text)[1:-1]
    return visible if len(visible) <= MAX_TEXT else visible[: MAX_TEXT - 1] + "…"


def document_json(doc: Document) -> dict[str, Any]:
    """Everything in the Document, JSON-ready (image bytes as base64)."""
    result = _jsonable(doc)
    assert isinstance(result, dict)
    for block, block_json in zip(doc.blocks, result["blocks"], strict=True):
        block_json["placeholder_text"] = block.placeholder_text
    return result


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, tuple | list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return value


def answer_lines(form: FormAnswers, lang: str = "en") -> list[str]:
    """One line per answer (id, status, score, flags, text), after respondent and fields.

    Messages are in ``lang`` (the form's language, as in the run's outputs).
    """
    lines = [f"respondent: {form.respondent or '?'}"]
    lines.extend(f"field {label}: {_shorten(value)}" for label, value in form.fields.items())
    for answer in form.answers:
        lines.extend(_answer_lines(answer))
    lines.extend(
        f"message: {m.code} ({m.location}): {message_text(m, lang)}" for m in form.messages
    )
    return lines


def _answer_lines(answer: Answer) -> list[str]:
    """Id, status, score, flags; the heading as found in the form; the answer text."""
    parts = [f"{answer.question_id:>5}", answer.status]
    if answer.score is not None:
        parts.append(f"score {answer.score:.0f}")
    if answer.flags:
        parts.append("{" + ",".join(answer.flags) + "}")
    heading = _shorten(answer.heading) if answer.heading else "-"
    lines = [
        " ".join(parts),
        f"        heading: {heading}",
        f"        answer: {_shorten(answer.text)}",
    ]
    if answer.value is not None:
        lines.append(f"        value: {_shorten(repr(_plain(answer.value)))}")
    if answer.found_at:
        first, last = min(answer.found_at), max(answer.found_at)
        where = f"block {first}" if first == last else f"blocks {first}-{last}"
        lines.append(f"        found in: {where}{_cells(answer.blocks)}")
    return lines


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _cells(blocks: Sequence[Block]) -> str:
    """ " (table 2 r3 c1)" where an answer's kept blocks stand in a table, else ""."""
    cells = sorted({(b.table.table, b.table.row, b.table.cell) for b in blocks if b.table})
    if not cells:
        return ""
    table, row, cell = cells[0]
    return f" (table {table} r{row} c{cell}" + (", ..." if len(cells) > 1 else "") + ")"


def answers_json(form: FormAnswers) -> dict[str, Any]:
    """Everything in a FormAnswers, JSON-ready."""
    result = _jsonable(form)
    assert isinstance(result, dict)
    return result


def question_lines(template: Template, versions: Sequence[TemplateVersion], lang: str) -> list[str]:
    """What ``docxmerge questions`` prints, its own words in ``lang``: the title; the versions
    (several templates, or a folder) oldest first, with the date each one's age was judged by;
    the metadata fields;
    a line per question (id, slot and kind, optional, section / text), its options, and the
    versions that ask it when not every one does."""
    lines = [template.title]
    for version in versions:
        dated_by = t(f"questions.dated_by.{version.dated_by}", lang) if version.dated_by else ""
        when = ", ".join(part for part in ((version.date or "")[:10], dated_by) if part)
        lines.append(f"  {t('questions.template', lang)}  {version.name} ({when})")
    lines.extend(f"  {t('questions.field', lang)}  {spec.label}" for spec in template.fields)
    every = max((q.asked_by for q in template.questions), key=len, default=())
    for question in template.questions:
        lines.extend(_question_lines(question, lang))
        if versions and question.asked_by != every:
            asked_by = ", ".join(question.asked_by)
            lines.append(f"        {t('questions.asked_by', lang)}: {asked_by}")
    return lines


def _question_lines(question: Question, lang: str) -> list[str]:
    """ "1.4   [legacy_field, choice] Section / Text", then its options when it has any."""
    slot = t(f"questions.slot.{question.slot}", lang)
    if question.kind != "text":
        slot += ", " + t(f"questions.kind.{question.kind}", lang)
    optional = " " + t("questions.optional", lang) if question.optional else ""
    text = f"{question.section} / {question.text}"
    lines = [f"  {question.id:<5} [{slot}]{optional} {text}"]
    if question.options:
        several = " " + t("questions.several", lang) if question.multiple else ""
        options = " | ".join(question.options)
        lines.append(f"        {t('questions.options', lang)}{several}: {options}")
    return lines
