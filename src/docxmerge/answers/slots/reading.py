"""What reading one answer slot gives, whatever its kind."""

from __future__ import annotations

from dataclasses import dataclass

from docxmerge.model import AnswerStatus, Block


@dataclass(frozen=True, slots=True)
class Reading:
    """An answer as its slot gives it (the form adds heading, score and heading flags)."""

    status: AnswerStatus
    text: str
    flags: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    value: tuple[str, ...] | str | None = None
