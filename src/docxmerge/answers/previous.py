"""A round against the previous one (``--previous``): every answer of every current form
compared with the same respondent's answer to the same question in the previous run.

Respondents are matched by their canonical name: :func:`~.respondents.folded_key` of the name
(so "Stadsdelsnämnden i Skarpnäck" is "Skarpnäcks stadsdelsnämnd", with or without å, ä, ö),
and with an ``--expected`` list, of the list entry either spelling names (its aliases too).
Questions are matched by text as template versions are (:func:`~.versions.pair_texts`: any
wording of the question, fuzzy on normalised text). What each comparison word means is in
:mod:`.compare`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence

from docxmerge.answers.compare import compare_answers
from docxmerge.answers.normalize import normalize_heading
from docxmerge.answers.respondents import folded_key, instant, list_keys, resolve_respondents
from docxmerge.answers.versions import pair_texts
from docxmerge.model import (
    Answer,
    Expected,
    Message,
    PreviousInfo,
    PreviousQuestion,
    PreviousResponse,
    PreviousRun,
    Response,
    Template,
    TemplateVersion,
)


def compare_rounds(
    responses: Sequence[Response],
    template: Template,
    versions: Sequence[TemplateVersion],
    previous: PreviousRun,
    expected: Sequence[Expected] = (),
    not_received: Sequence[str] = (),
    *,
    with_difference: bool = False,
) -> tuple[list[Response], PreviousInfo]:
    """Every current response (status "read") with a comparison on each answer, and what was
    compared: how many respondents were found in the previous run, and who is there and not
    in this round at all (no file, and not among ``not_received`` either); a note for each
    respondent compared with one of several responses of theirs in the previous run; the
    fields of the previous forms of those with no form now (``contacts``).
    ``with_difference``: a changed text's word diff, for the report."""
    question_ids = _question_pairs(template, versions, previous)
    key_of = _Keys(expected)
    this_round = (r.respondent or r.file.name for r in responses)
    key_of.learn([*(then.respondent for then in previous.responses), *this_round, *not_received])
    groups = _by_respondent(previous.responses, key_of)
    earlier = {key: _latest(group) for key, group in groups.items()}
    compared: list[Response] = []
    files: dict[str, str] = {}
    used: dict[str, None] = {}  # the keys compared with, in the order of this round's files
    for response in responses:
        if response.status != "read":
            compared.append(response)
            continue
        key = key_of(response.respondent or response.file.name)
        before = earlier.get(key)
        if before is not None:
            files[response.file.name] = before.file
            used[key] = None
        answers = _compared(response.answers, before, question_ids, with_difference)
        compared.append(dataclasses.replace(response, answers=answers))
    names = [*(r.respondent for r in responses if r.respondent), *not_received]
    here = {key_of(name) for name in names}
    only = tuple(r.respondent for key, r in earlier.items() if key not in here)
    absent = [*only, *not_received]  # whom to write to at the contact their previous form gave
    contacts = {name: earlier[key].fields for name in absent if (key := key_of(name)) in earlier}
    notes = tuple(
        _twice_note(previous.path, earlier[key], groups[key])
        for key in used
        if len(groups[key]) > 1
    )
    info = PreviousInfo(
        previous.path,
        previous.title,
        previous.template,
        len(files),
        only,
        question_ids,
        files,
        notes,
        contacts,
    )
    return compared, info


class _Keys:
    """The name a respondent is known by in both rounds: the list's entry when it names one.
    Each name is worked out once (a previous run may hold one name thousands of times), the
    list's spellings keyed once for all names (respondents.list_keys), and names learnt
    together are matched against the list together (respondents.resolve_respondents: 50,000
    names against 500 spellings took 46 s one by one; figures in bench/README.md)."""

    def __init__(self, expected: Sequence[Expected]) -> None:
        self._listed = list_keys(expected)
        self._known: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        key = self._known.get(name)
        if key is None:
            self.learn([name])
            key = self._known[name]
        return key

    def learn(self, names: Iterable[str]) -> None:
        """Works out the key of each name not known yet, all in one batch."""
        new = list(dict.fromkeys(name for name in names if name not in self._known))
        resolved = resolve_respondents([(name, "") for name in new], self._listed)
        for name, (canonical, _) in zip(new, resolved, strict=True):
            self._known[name] = folded_key(canonical) or name.casefold()


def _by_respondent(
    responses: Sequence[PreviousResponse], key_of: _Keys
) -> dict[str, list[PreviousResponse]]:
    """The previous run's responses per respondent (by ``key_of``), in file order."""
    groups: dict[str, list[PreviousResponse]] = {}
    for then in responses:
        groups.setdefault(key_of(then.respondent), []).append(then)
    return groups


def _latest(group: Sequence[PreviousResponse]) -> PreviousResponse:
    """Of one respondent's responses in the previous run (v1 and v2 of a form both kept), the
    one with the latest document modified date; among equal dates or none, the later in the
    file (one with a date before one without)."""
    dated = [(instant(then.document_modified) or _EPOCH, n) for n, then in enumerate(group)]
    return group[max(dated)[1]]


_EPOCH = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
_SHOWN = 3  # other files a note names


def _twice_note(path: str, used: PreviousResponse, group: Sequence[PreviousResponse]) -> Message:
    """A run note: the respondent is in the previous run more than once, and which was used."""
    others = [then.file for then in group if then is not used]
    shown = ", ".join(others[:_SHOWN]) + (" …" if len(others) > _SHOWN else "")
    text = (
        f"{used.respondent} is in the previous run more than once: compared with {used.file} "
        f"(the latest), not {shown}"
    )
    params = (("name", used.respondent), ("used", used.file), ("others", shown), ("path", path))
    return Message(path, "run", "previous_duplicate", text, params)


def _question_pairs(
    template: Template, versions: Sequence[TemplateVersion], previous: PreviousRun
) -> dict[str, str]:
    """This run's question id -> the previous run's, for the questions that say the same
    (every wording a template of this run gives a question counts)."""
    wordings: dict[str, list[str]] = {q.id: [q.text] for q in template.questions}
    for version in versions:
        for question in version.template.questions:
            union_id = version.question_ids.get(question.id)
            if union_id in wordings and question.text not in wordings[union_id]:
                wordings[union_id].append(question.text)
    ours = [q.id for q in template.questions]
    theirs = _each_once(previous.questions)
    sections = [normalize_heading(q.section) for q in template.questions]
    their_sections = [normalize_heading(q.section) for q in theirs]
    pairs = pair_texts(
        [wordings[qid] for qid in ours],
        [[q.text] for q in theirs],
        lambda i, j: sections[i] == their_sections[j],
    )
    return {ours[i]: theirs[j].id for i, j in pairs.items()}


def _each_once(questions: Sequence[PreviousQuestion]) -> list[PreviousQuestion]:
    """The previous run's questions, an id once (the first): its answers name them by id."""
    first: dict[str, PreviousQuestion] = {}
    for question in questions:
        first.setdefault(question.id, question)
    return list(first.values())


def _compared(
    answers: Sequence[Answer],
    before: PreviousResponse | None,
    question_ids: dict[str, str],
    with_difference: bool,
) -> tuple[Answer, ...]:
    then = (
        {a.question_id: a.text for a in before.answers if a.status == "answered"} if before else {}
    )
    result = []
    for answer in answers:
        old = then.get(question_ids.get(answer.question_id, ""))
        new = answer.text if answer.status == "answered" else None
        comparison = compare_answers(old, new, with_difference=with_difference)
        result.append(dataclasses.replace(answer, comparison=comparison))
    return tuple(result)
