"""What was asked: derive sections, questions, metadata fields, instructions and prompts
from a blank template :class:`~docxmerge.model.Document`.

The questions are found by the template's layout (:mod:`docxmerge.answers.layouts`); the title
and the placeholder prompts are the same whatever the layout.
"""

from __future__ import annotations

from docxmerge.answers.layouts import headings
from docxmerge.answers.normalize import clean_spaces
from docxmerge.answers.optional import mark_optional
from docxmerge.model import Document, Template


def derive_template(doc: Document) -> Template:
    """Understand a blank template (see :mod:`docxmerge.answers.layouts.headings`)."""
    title = _title(doc)
    found = headings.find(doc, title)
    return Template(
        title=title,
        language=doc.language,
        sections=found.sections,
        questions=mark_optional(found.questions),
        fields=found.fields,
        instructions=tuple(dict.fromkeys(t for t in found.instructions if t)),
        prompts=_prompts(doc),
    )


def _title(doc: Document) -> str:
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


def _prompts(doc: Document) -> tuple[str, ...]:
    found: list[str] = []
    for block in doc.blocks:
        for control in block.controls:
            if control.placeholder_text and control.placeholder_text.strip():
                found.append(clean_spaces(control.placeholder_text))
        if block.placeholder_text.strip():
            found.append(clean_spaces(block.placeholder_text))
    found.extend(clean_spaces(t) for t in doc.glossary.values() if 0 < len(t.strip()) <= 200)
    return tuple(dict.fromkeys(found))


def template_rows(t: Template) -> list[dict[str, str | bool]]:
    """One row per question for ``docxmerge questions``: id, section, text, slot, optional."""
    return [
        {"id": q.id, "section": q.section, "text": q.text, "slot": q.slot, "optional": q.optional}
        for q in t.questions
    ]
