"""tally: one definition of current responses and answered counts, on hand-built RunResults."""

from __future__ import annotations

import dataclasses

from test_answers_json import answered, para, sample_result

from docxmerge.answers.tally import (
    BLANK_FORM,
    absent_respondents,
    answer_status,
    answer_totals,
    answered_by_section,
    answered_count,
    current_responses,
    owed,
    owed_total,
    shown_status,
    unanswered,
)
from docxmerge.model import Answer, FileInfo, Response, Run


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


def test_declined_answers_count_as_answered_and_are_shown_so() -> None:
    declined = Answer("1.1", "answered", "Ej aktuellt", flags=("declined",))
    assert shown_status(declined) == "declined"
    assert shown_status(Answer("1.1", "answered", "Ja")) == "answered"
    assert shown_status(Answer("1.1", "empty", "")) == "empty"
    assert shown_status(None) == "missing"
    response = dataclasses.replace(sample_result().responses[0], answers=(declined,))
    assert answered_count(response) == 1


def test_optional_questions_are_never_owed() -> None:
    result = sample_result()
    farsta = current_responses(result)[1]
    questions = result.template.questions
    assert [q.id for q in owed(farsta, questions)] == ["1.2", "2.1"]
    optional = tuple(dataclasses.replace(q, optional=q.id == "2.1") for q in questions)
    assert [q.id for q in owed(farsta, optional)] == ["1.2"]
    assert owed_total(result) == 3
    template = dataclasses.replace(result.template, questions=optional)
    assert owed_total(dataclasses.replace(result, template=template)) == 2


def test_absent_respondents_are_those_with_no_form_to_count() -> None:
    result = sample_result()
    broken = dataclasses.replace(result.responses[3], respondent="Östermalm")
    blank = Response(
        FileInfo("Kista.docx", 1, "", ""), "skipped", error_code=BLANK_FORM, respondent="Kista"
    )
    bromma_broken = dataclasses.replace(broken, respondent="Bromma stadsdelsnämnd")
    lock = dataclasses.replace(result.responses[4], respondent="Lås")  # skipped: not absent
    responses = (*result.responses[:3], broken, blank, bromma_broken, broken, lock)
    absent = absent_respondents(dataclasses.replace(result, responses=responses))
    assert [(a.name, a.status, a.response and a.response.file.name) for a in absent] == [
        ("Östermalm", "unreadable", "gammal.doc"),
        ("Kista", "blank_form", "Kista.docx"),
        ("Skarpnäcks stadsdelsnämnd", "not_received", None),
    ]
