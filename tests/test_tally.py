"""tally: one definition of current responses and answered counts, on hand-built RunResults."""

from __future__ import annotations

import dataclasses

from test_answers_json import answered, para, sample_result

from docxmerge.answers.tally import (
    answer_status,
    answer_totals,
    answered_by_section,
    answered_count,
    current_responses,
    unanswered,
)
from docxmerge.model import Answer, Run


def test_current_responses_are_read_files_only() -> None:
    # superseded, unreadable (which carries an "answered" answer) and skipped files do not count
    names = [r.file.name for r in current_responses(sample_result())]
    assert names == ["Bromma.docx", "Farsta v2.docx"]


def test_answered_count_per_response() -> None:
    bromma, farsta = current_responses(sample_result())
    assert (answered_count(bromma), answered_count(farsta)) == (2, 1)


def test_answered_by_section_in_template_order() -> None:
    rows = answered_by_section(sample_result())
    assert [(r.file.name, counts) for r, counts in rows] == [
        ("Bromma.docx", (1, 1)),
        ("Farsta v2.docx", (1, 0)),
    ]


def test_unanswered_keeps_question_order_and_counts_absent_answers() -> None:
    result = sample_result()
    bromma, farsta = current_responses(result)
    questions = result.template.questions
    assert [q.id for q in unanswered(bromma, questions)] == ["1.2"]
    assert [q.id for q in unanswered(farsta, questions)] == ["1.2", "2.1"]
    # a form with no answer at all for 2.1 still leaves 2.1 unanswered
    only_first = dataclasses.replace(bromma, answers=bromma.answers[:1])
    assert [q.id for q in unanswered(only_first, questions)] == ["1.2", "2.1"]
    assert answer_status(only_first, "2.1") == "missing"
    assert answer_status(only_first, "1.1") == "answered"


def test_answer_totals_cover_every_template_question() -> None:
    result = sample_result()
    assert answer_totals(result) == (3, 3)
    bromma = result.responses[0]
    shorter = dataclasses.replace(bromma, answers=(answered("1.1", para(1, Run("x"))),))
    result = dataclasses.replace(result, responses=(shorter,))
    assert answer_totals(result) == (1, 2)


def test_answered_count_counts_a_question_once() -> None:
    twice = answered("1.1", para(1, Run("a")))
    response = dataclasses.replace(
        sample_result().responses[0], answers=(twice, twice, Answer("1.2", "empty", ""))
    )
    assert answered_count(response) == 1
