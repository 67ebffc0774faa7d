"""Which questions are never owed: those the template marks optional, those plainly optional,
and those the run is told about (``--optional``).

"Övriga upplysningar" is asked of everyone and answered by few: counting it as owed put 11 of
13 fixture committees on the chase list. A question is optional when its text is one of the
usual catch-all headings, says so in brackets ("(frivillig)", "(optional)", "(if
applicable)"), is a follow-up asked only after a given answer ("If yes, please give
details", "Om ja, beskriv") or under a condition ("Nationality at birth, if different",
"..., i förekommande fall"), or its answer box is tagged or titled so.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from docxmerge.answers.normalize import normalize_heading
from docxmerge.model import Question, Template

_CATCH_ALL = frozenset(
    {
        "övriga upplysningar",
        "övrig information",
        "övrigt",
        "övriga kommentarer",
        "övriga synpunkter",
        "övriga frågor",
        "övriga upplysningar och kommentarer",
        "other comments",
        "other information",
        "any other comments",
        "additional comments",
        "additional information",
        "further comments",
        "anything else",
    }
)
_SAYS_OPTIONAL = re.compile(
    r"\((?:frivillig|frivilligt|valfri|valfritt|ej obligatorisk|inte obligatorisk|optional"
    r"|not required|not mandatory|om tillämpligt|if applicable)\b[^)]*\)"
)
# A follow-up that only some respondents are asked: whoever answered "No" owes nothing.
_FOLLOW_UP = re.compile(
    r"(?:om ja|om nej|om så är fallet|om annat|om tillämpligt|if yes|if no|if so|if other"
    r"|if applicable|if you answered)\b"
)
# A condition after a comma or dash: "Nationality at birth, if different", "..., if any".
_CONDITION = re.compile(
    r"[,–-]\s*(?:if applicable|where applicable|if any|if known|if different|if relevant"
    r"|om tillämpligt|i förekommande fall|om sådan finns|om sådana finns|om relevant)\b"
)
_BOX_WORDS = ("frivillig", "valfri", "optional")


def is_optional(question: Question) -> bool:
    """Whether the template says (or plainly means) that ``question`` need not be answered."""
    key = normalize_heading(question.text)
    if key in _CATCH_ALL or _FOLLOW_UP.match(key):
        return True
    if _SAYS_OPTIONAL.search(key) or _CONDITION.search(key):
        return True
    box = f"{question.control_tag or ''} {question.control_alias or ''}".casefold()
    return any(word in box for word in _BOX_WORDS)


def mark_optional(questions: Iterable[Question]) -> tuple[Question, ...]:
    """The questions, each with ``optional`` set where :func:`is_optional` says so."""
    return tuple(
        dataclasses.replace(q, optional=True) if not q.optional and is_optional(q) else q
        for q in questions
    )


def make_optional(template: Template, ids: Iterable[str]) -> Template:
    """``template`` with the questions ``ids`` (``--optional``) optional too.

    Raises KeyError naming the ids the template does not have.
    """
    wanted = {qid.strip() for qid in ids}
    unknown = sorted(wanted - {q.id for q in template.questions})
    if unknown:
        raise KeyError(", ".join(unknown))
    questions = tuple(
        dataclasses.replace(q, optional=True) if q.id in wanted else q for q in template.questions
    )
    return dataclasses.replace(template, questions=questions)
