"""Optional questions: the template's word, the usual catch-all headings, and --optional."""

from __future__ import annotations

import pytest
from test_answers_json import sample_template

from docxmerge.answers.optional import is_optional, make_optional, mark_optional
from docxmerge.model import Question


def question(text: str, tag: str | None = None, alias: str | None = None) -> Question:
    return Question("4.1", "4", "Övrigt", text, "control", control_tag=tag, control_alias=alias)


@pytest.mark.parametrize(
    "text",
    [
        "Övriga upplysningar",
        "4. Övriga upplysningar:",
        "Övrigt",
        "Other comments",
        "Beskriv gärna ert arbete med kultur (frivillig)",
        "Further remarks (optional)",
        "Kommentar (frivilligt att besvara)",
        "If yes, please give details (this will be treated confidentially)",
        "Om ja, beskriv hur",
        "Organisationsnummer (om tillämpligt)",
        "Nationality at birth, if different",
        "10. National identity number, where applicable",
        "Date, if known",
        "Samverkanspartner, i förekommande fall",
    ],
)
def test_plainly_optional_questions(text: str) -> None:
    assert is_optional(question(text))


@pytest.mark.parametrize(
    "text",
    [
        "Beskriv samverkan med det lokala näringslivet.",
        "Övriga upplysningar om budgeten för 2026 ska redovisas här med belopp",
        "Vilka frivilliga organisationer samverkar ni med?",  # "frivillig" outside brackets
        "Comments on the proposal",
        "Do you have a disability? If yes, tell us",  # the question itself, not its follow-up
        "Describe how you would act if different rules applied",  # no comma: not a condition
    ],
)
def test_questions_that_are_not_optional(text: str) -> None:
    assert not is_optional(question(text))


def test_an_answer_box_tagged_or_titled_optional() -> None:
    assert is_optional(question("Kommentar", tag="kommentar_frivillig"))
    assert is_optional(question("Kommentar", alias="Optional comment"))
    assert not is_optional(question("Kommentar", tag="kommentar"))


def test_mark_and_make_optional() -> None:
    template = sample_template()
    assert [q.optional for q in mark_optional(template.questions)] == [False, False, False]
    made = make_optional(template, ["2.1", "1.1"])
    assert [q.optional for q in made.questions] == [True, False, True]
    with pytest.raises(KeyError, match=r"9\.9"):
        make_optional(template, ["1.1", "9.9"])
