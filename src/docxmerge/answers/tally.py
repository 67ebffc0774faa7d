"""Counting answers, once for every output: which responses count and what "answered" means.

A response counts when its file was read and not superseded by a newer version (status "read").
A question is answered when its answer has status "answered"; a question the form has no answer
for at all counts as unanswered (status "missing"), like a placeholder or an empty answer. An
answer that only declines ("Ej aktuellt", "-") counts as answered and is shown as "declined". A
question is owed when it is unanswered and not optional. A question the form's template does not
ask (status "not_asked", several template versions in one run) is neither answered nor
unanswered: it is not counted at all. Respondents with no form to count (only an unreadable
file, the blank form sent back, nothing received) are listed apart.
Pure functions on :mod:`docxmerge.model` data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from docxmerge.model import (
    FLAG_DECLINED,
    Answer,
    PreviousInfo,
    Question,
    Response,
    RunResult,
)

# A respondent-level status, beside the answer statuses: the copy of the template came back.
BLANK_FORM = "blank_form"
NOT_ASKED = "not_asked"  # the answer status of a question the form's template does not ask
COMPARISON_WORDS = ("new", "changed", "unchanged", "dropped")


def current_responses(result: RunResult) -> tuple[Response, ...]:
    """The responses that count: read, not superseded, not unreadable, not skipped."""
    return tuple(response for response in result.responses if response.status == "read")


def answer_status(response: Response, question_id: str) -> str:
    """The status of the response's answer to one question; "missing" when it has none."""
    for answer in response.answers:
        if answer.question_id == question_id:
            return answer.status
    return "missing"


def shown_status(answer: Answer | None) -> str:
    """The status the sheets show: "declined" for an answer that only declines, else its own
    ("missing" when there is no answer)."""
    if answer is None:
        return "missing"
    if answer.status == "answered" and FLAG_DECLINED in answer.flags:
        return "declined"
    return answer.status


def answered_count(response: Response) -> int:
    """How many of the response's answers are answered (each question counted once)."""
    return len({a.question_id for a in response.answers if a.status == "answered"})


def asked(response: Response, questions: Sequence[Question]) -> list[Question]:
    """The questions, in the order given, that the response's template asks."""
    skipped = {a.question_id for a in response.answers if a.status == NOT_ASKED}
    return [question for question in questions if question.id not in skipped]


def answered_by_section(result: RunResult) -> list[tuple[Response, tuple[int, ...]]]:
    """Each current response with its answered count per template section, in section order."""
    answered_ids = [
        {a.question_id for a in response.answers if a.status == "answered"}
        for response in current_responses(result)
    ]
    sections = [
        [q.id for q in result.template.questions if q.section_id == section.id]
        for section in result.template.sections
    ]
    return [
        (response, tuple(sum(1 for qid in ids if qid in answered) for ids in sections))
        for response, answered in zip(current_responses(result), answered_ids, strict=True)
    ]


def unanswered(response: Response, questions: Sequence[Question]) -> list[Question]:
    """The questions, in the order given, that the response leaves unanswered (a question its
    template does not ask is not one of them)."""
    answered = {a.question_id for a in response.answers if a.status == "answered"}
    return [question for question in asked(response, questions) if question.id not in answered]


def owed(response: Response, questions: Sequence[Question]) -> list[Question]:
    """The questions, in the order given, that the response leaves unanswered and are not
    optional: what the respondent still owes."""
    return [question for question in unanswered(response, questions) if not question.optional]


def owed_total(result: RunResult) -> int:
    """How many questions every current response owes, together."""
    questions = result.template.questions
    return sum(len(owed(response, questions)) for response in current_responses(result))


@dataclass(frozen=True, slots=True)
class Absent:
    """A respondent with no form to count, and why: "unreadable" (their only files could not
    be read), "blank_form" (the template came back unfilled) or "not_received"."""

    name: str
    status: str
    response: Response | None = None  # the file that stands for them, when there is one


def absent_respondents(result: RunResult) -> tuple[Absent, ...]:
    """Respondents without a current form: named unreadable files and blank forms (in inbox
    order, once per name), then the expected respondents with no file at all."""
    read = {r.respondent for r in result.responses if r.status == "read"}
    found: dict[str, Absent] = {}
    for response in result.responses:
        name = response.respondent
        if not name or name in read or name in found:
            continue
        if response.status == "unreadable":
            found[name] = Absent(name, "unreadable", response)
        elif response.status == "skipped" and response.error_code == BLANK_FORM:
            found[name] = Absent(name, BLANK_FORM, response)
    missing = [Absent(name, "not_received") for name in result.not_received or ()]
    return (*found.values(), *missing)


def answer_totals(result: RunResult) -> tuple[int, int]:
    """(answered, unanswered) over every template question of every current response."""
    questions = result.template.questions
    answered = total = 0
    for response in current_responses(result):
        left_open = len(unanswered(response, questions))
        count = len(asked(response, questions))
        answered += count - left_open
        total += count
    return answered, total - answered


def comparison_counts(response: Response) -> dict[str, int]:
    """How many of the response's answers are new, changed, unchanged and dropped since the
    previous round (every word, 0 when none; empty when no comparison was made)."""
    words = [str(a.comparison.word) for a in response.answers if a.comparison is not None]
    if not words:
        return {}
    return {word: words.count(word) for word in COMPARISON_WORDS}


def comparison_totals(result: RunResult) -> dict[str, int]:
    """:func:`comparison_counts` over every current response."""
    totals = dict.fromkeys(COMPARISON_WORDS, 0)
    for response in current_responses(result):
        for word, count in comparison_counts(response).items():
            totals[word] += count
    return totals


def required_questions(result: RunResult) -> tuple[Question, ...]:
    """What a respondent with no form owes: every question that is not optional of the newest
    template (the one they would be sent)."""
    return tuple(
        q for q in result.template.questions if not q.optional and asked_of_absent(result, q)
    )


def asked_of_absent(result: RunResult, question: Question) -> bool:
    """Whether a respondent with no form is asked ``question``: the newest template (the one
    they would be sent) asks it; a question only older versions ask is not theirs."""
    newest = result.templates[-1].name if result.templates else None
    return newest is None or not question.asked_by or newest in question.asked_by


def previous_run_name(previous: PreviousInfo) -> str:
    """A previous run as the outputs name it: its --title, else its output folder's name
    ("tertial2"), not the whole path on the clerk's disk (report and workbook are sent on); a
    renamed answers.json by its own name."""
    where = PurePath(previous.path)
    folder = (where.parent.name or where.name) if where.name == "answers.json" else where.name
    return previous.title or folder
