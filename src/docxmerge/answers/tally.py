"""Counting answers, once for every output: which responses count and what "answered" means.

A response counts when its file was read and not superseded by a newer version (status "read").
A question is answered when its answer has status "answered"; a question the form has no answer
for at all counts as unanswered (status "missing"), like a placeholder or an empty answer.
Pure functions on :mod:`docxmerge.model` data.
"""

from __future__ import annotations

from collections.abc import Sequence

from docxmerge.model import Question, Response, RunResult


def current_responses(result: RunResult) -> tuple[Response, ...]:
    """The responses that count: read, not superseded, not unreadable, not skipped."""
    return tuple(response for response in result.responses if response.status == "read")


def answer_status(response: Response, question_id: str) -> str:
    """The status of the response's answer to one question; "missing" when it has none."""
    for answer in response.answers:
        if answer.question_id == question_id:
            return answer.status
    return "missing"


def answered_count(response: Response) -> int:
    """How many of the response's answers are answered (each question counted once)."""
    return len({a.question_id for a in response.answers if a.status == "answered"})


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
    """The questions, in the order given, that the response leaves unanswered."""
    answered = {a.question_id for a in response.answers if a.status == "answered"}
    return [question for question in questions if question.id not in answered]


def answer_totals(result: RunResult) -> tuple[int, int]:
    """(answered, unanswered) over every template question of every current response."""
    questions = result.template.questions
    answered = total = 0
    for response in current_responses(result):
        left_open = len(unanswered(response, questions))
        answered += len(questions) - left_open
        total += len(questions)
    return answered, total - answered
