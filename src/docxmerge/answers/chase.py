"""Whom to chase and for what: the respondents who owe something, and how to reach them.

A respondent owes something when a question that is not optional is unanswered in their
current form, when their only file could not be read, when they sent the blank form back, or
when nothing came from them at all (``--expected``; without it, with ``--previous``: who
answered the previous round and sent nothing now). Whom to write to comes from their form's
fields (contact person, phone, e-mail; a form that asks for them as short questions, "University
email", counts too), else from their row of the ``--expected`` list. One list for the chase
sheet and the reminder drafts alike.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from dataclasses import dataclass

from docxmerge.answers.expected import looks_like_email
from docxmerge.answers.respondents import folded_key
from docxmerge.answers.tally import (
    absent_respondents,
    current_responses,
    owed,
    required_questions,
)
from docxmerge.model import Expected, Question, Response, RunResult

UNANSWERED = "unanswered"  # the status of a respondent whose form leaves questions owed
NO_FORM_NOW = "no_form_now"  # answered the previous round, nothing this round (no list given)
_LABEL_MOST = 40  # a question this short may be a label ("Telefon"), not a question to answer

# A field label's kind by the words in it, the first kind that fits ("E-post till
# kontaktperson" is an e-mail address, not a person).
_FIELD_WORDS = {
    "email": ("e-post", "epost", "e-mail", "email", "mail", "mejl"),
    "phone": ("telefon", "phone", "tel", "mobil"),
    "person": ("kontakt", "contact", "handläggare"),
}


@dataclass(frozen=True, slots=True)
class Contact:
    """Whom to write to: as written in the form (or the list), and the usable addresses."""

    person: str = ""
    phone: str = ""
    email: str = ""
    addresses: tuple[str, ...] = ()  # the plain addresses found in ``email``


@dataclass(frozen=True, slots=True)
class Owed:
    """One row of the chase list."""

    name: str
    status: str  # UNANSWERED, "unreadable", "blank_form", "not_received" or NO_FORM_NOW
    questions: tuple[Question, ...]  # what they owe: every question not optional, for no form
    contact: Contact
    response: Response | None  # their current form, or the file that stands for them


def chase_list(result: RunResult) -> tuple[Owed, ...]:
    """Everyone who owes something: the current forms that leave questions owed (in inbox
    order), then the respondents with no form to count (see tally.absent_respondents)."""
    questions = result.template.questions
    listed = {folded_key(e.name): e for e in result.expected}
    found: list[Owed] = []
    for response in current_responses(result):
        left = owed(response, questions)
        if left:
            name = response.respondent or response.file.name
            contact = contact_of(_written(response, questions), listed.get(folded_key(name)))
            found.append(Owed(name, UNANSWERED, tuple(left), contact, response))
    required = required_questions(result)
    for absent in absent_respondents(result):
        contact = _absent_contact(result, absent.name, listed.get(folded_key(absent.name)))
        found.append(Owed(absent.name, absent.status, required, contact, absent.response))
    return (*found, *_gone_since(result, required))


def _absent_contact(result: RunResult, name: str, listed: Expected | None) -> Contact:
    """Whom to write to for one with no form now: the list's row (the office's own, current
    record), each part else what their form of the previous round gave (--previous)."""
    from_list = contact_of({}, listed)
    before = result.previous.contacts.get(name) if result.previous is not None else None
    if not before:
        return from_list
    then = contact_of(before, None)
    mail = from_list if from_list.addresses else then
    return Contact(
        from_list.person or then.person, from_list.phone or then.phone, mail.email, mail.addresses
    )


def _gone_since(result: RunResult, required: tuple[Question, ...]) -> list[Owed]:
    """With --previous and no --expected list: who answered the previous round and has sent
    nothing now (the previous run is the only list there is), to be written to at the contact
    their previous form gave. With a list, the list says whom to expect."""
    previous = result.previous
    if previous is None or result.not_received is not None:
        return []
    return [
        Owed(name, NO_FORM_NOW, required, contact_of(previous.contacts.get(name, {}), None), None)
        for name in previous.only_previous
    ]


def listed_answered(result: RunResult) -> tuple[int, int]:
    """(how many of the --expected list have a form that counts, how many the list holds),
    names compared as respondents.folded_key compares them (diacritics folded)."""
    listed = {folded_key(e.name) for e in result.expected} - {""}
    sent = {folded_key(r.respondent or "") for r in current_responses(result)}
    return len(listed & sent), len(listed)


def _written(response: Response, questions: tuple[Question, ...]) -> dict[str, str]:
    """The form's fields, then its one-line answers to questions short enough to be labels
    ("E-post", "University email"): label -> value, the fields first."""
    asked = {q.id: q.text for q in questions if q.kind == "text" and len(q.text) <= _LABEL_MOST}
    found = dict(response.fields)
    for answer in response.answers:
        label = asked.get(answer.question_id)
        usable = answer.status == "answered" and "\n" not in answer.text
        if label and usable and not found.get(label, "").strip():  # a field with that label wins
            found[label] = answer.text
    return found


def contact_of(fields: Mapping[str, str], listed: Expected | None) -> Contact:
    """The form's contact fields (found by their labels), each else the list's column."""
    person = _field(fields, "person") or (listed.contact if listed else "")
    phone = _field(fields, "phone") or (listed.phone if listed else "")
    written = _field(fields, "email")
    found = addresses(written)
    if not found and listed is not None and listed.email:
        written, found = listed.email, addresses(listed.email)
    return Contact(person, phone, written, found)


def _field(fields: Mapping[str, str], kind: str) -> str:
    for label, value in fields.items():
        if value.strip() and _kind_of(label) == kind:
            return value.strip()
    return ""


def _kind_of(label: str) -> str | None:
    folded = label.casefold()
    return next((k for k, words in _FIELD_WORDS.items() if any(w in folded for w in words)), None)


def addresses(text: str) -> tuple[str, ...]:
    """The plain e-mail addresses in ``text`` ("a@x.se; Anna <b@x.se>", "mailto:c@x.se"), each
    once; anything else ("se ovan", "anna(at)x.se") gives none."""
    found: list[str] = []
    pairs = email.utils.getaddresses([text.replace(";", ",").replace("mailto:", "")])
    for _, address in pairs:
        if looks_like_email(address) and address.casefold() not in map(str.casefold, found):
            found.append(address)
    return tuple(found)
