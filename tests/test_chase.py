"""The chase list: who owes what, and whom to write to."""

from __future__ import annotations

import dataclasses

from test_answers_json import sample_result, with_optional

from docxmerge.answers.chase import Contact, addresses, chase_list, contact_of, listed_answered
from docxmerge.model import Answer, Expected, Question


def test_the_chase_list_holds_exactly_who_owes_something() -> None:
    chase = chase_list(sample_result())
    assert [(o.name, o.status, [q.id for q in o.questions]) for o in chase] == [
        ("Bromma stadsdelsnämnd", "unanswered", ["1.2"]),
        ("Farsta stadsdelsnämnd", "unanswered", ["1.2", "2.1"]),
        ("Skarpnäcks stadsdelsnämnd", "not_received", ["1.1", "1.2", "2.1"]),
    ]
    # an optional question is never owed: Bromma owes nothing more
    chase = chase_list(with_optional(sample_result(), "1.2"))
    assert [(o.name, [q.id for q in o.questions]) for o in chase] == [
        ("Farsta stadsdelsnämnd", ["2.1"]),
        ("Skarpnäcks stadsdelsnämnd", ["1.1", "2.1"]),
    ]


def test_contact_from_the_form_else_from_the_list() -> None:
    fields = {
        "Nämnd": "Farsta",
        "E-post till kontaktperson": "johan.ek@stockholm.se",
        "Kontaktperson för eventuella frågor": "Johan Ek",
        "Telefon": "",
    }
    listed = Expected("Farsta", email="registrator@stockholm.se", phone="08-1", contact="Reg")
    assert contact_of(fields, listed) == Contact(
        "Johan Ek", "08-1", "johan.ek@stockholm.se", ("johan.ek@stockholm.se",)
    )
    no_address = {**fields, "E-post till kontaktperson": "se ovan"}
    assert contact_of(no_address, listed) == Contact(
        "Johan Ek", "08-1", "registrator@stockholm.se", ("registrator@stockholm.se",)
    )
    assert contact_of(no_address, None) == Contact("Johan Ek", "", "se ovan", ())


def test_addresses_in_what_people_type() -> None:
    assert addresses("a@x.se; Anna Berg <b@x.se>, mailto:c@x.se, A@X.se") == (
        "a@x.se",
        "b@x.se",
        "c@x.se",
    )
    assert addresses("anna(at)x.se") == ()
    assert addresses("") == ()


def test_a_form_that_asks_for_the_address_as_a_short_question() -> None:
    result = sample_result()
    email_question = Question("2.2", "2", "Kontakt", "E-post", "control")
    template = dataclasses.replace(
        result.template, questions=(*result.template.questions, email_question)
    )
    farsta = result.responses[2]  # its E-post field is empty
    farsta = dataclasses.replace(
        farsta, answers=(*farsta.answers, Answer("2.2", "answered", "anna@farsta.se"))
    )
    responses = (result.responses[0], result.responses[1], farsta, *result.responses[3:])
    chase = chase_list(dataclasses.replace(result, template=template, responses=responses))
    assert chase[1].name == "Farsta stadsdelsnämnd"
    assert chase[1].contact.addresses == ("anna@farsta.se",)


def test_how_many_of_the_list_sent_a_form_compares_names_as_keys() -> None:
    listed = (
        Expected("Bromma stadsdelsnämnd"),
        Expected("Farsta SDN"),  # the form says "Farsta stadsdelsnämnd"
        Expected("Skarpnäcks stadsdelsnämnd"),  # not received
    )
    result = dataclasses.replace(sample_result(), expected=listed)
    assert listed_answered(result) == (2, 3)
