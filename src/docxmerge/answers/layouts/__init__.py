"""Finding the questions of a template, one module per layout.

Each layout module has ``find(doc, title) -> Found``: the sections, questions (with their answer
slots), metadata fields and instruction texts it sees in a blank template. Today:
:mod:`~docxmerge.answers.layouts.headings` (questions as headings or label cells, each followed
by its answer slot). A new template layout (label | answer tables, question and answer rows,
grids, numbered lists) is a new module here, yielding the same :class:`Found`.
"""

from __future__ import annotations

from dataclasses import dataclass

from docxmerge.model import FieldSpec, Question, Section


@dataclass(frozen=True, slots=True)
class Found:
    """What one layout finds in a template."""

    sections: tuple[Section, ...]
    questions: tuple[Question, ...]
    fields: tuple[FieldSpec, ...]
    instructions: tuple[str, ...]  # fixed template prose in document order (may repeat)
