"""Several versions of one questionnaire in one run: the union of their questions, and the
version each returned form was filled in on.

- The union: the newest template's sections and questions in its order; a question of an older
  template that says the same (:func:`same_text`, fuzzy on normalised text: a few words added
  or reworded) is the same question, one that does not is inserted after the question it
  follows in its own template (at the start of its section when it is the first). Ids are
  positional in the union ("2.2"); each question knows which templates ask it (``asked_by``).
  Metadata fields: the newest's, then the older ones' with other labels.
- Assignment (:func:`match_versions`): a form is matched against every template and assigned
  to the one it fits best: each of that template's questions found (by its control, else by
  its heading's score), less one for every question the form holds that the template does not
  ask, and a little for the title it shows and the core properties it kept (dc:title and
  dcterms:created stay from the template a form was saved from). Ties go to the newer.
- :func:`to_union`: the form's answers under the union's ids, a question its template does
  not ask ``not_asked``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from docxmerge.answers.form import match_form
from docxmerge.answers.normalize import clean_spaces, normalize_heading
from docxmerge.answers.template import document_title
from docxmerge.model import (
    Answer,
    Document,
    FieldSpec,
    FormAnswers,
    Message,
    Question,
    Section,
    Template,
    TemplateVersion,
)

SAME_TEXT = 85.0  # the score (0-100) from which two texts say the same (see same_text)
_LIKENESS = 0.3  # what the title, dc:title or dcterms:created a form kept is worth, each
# what a question of the version the form lacks costs: a form of the older version fits it
# better than a newer version that only adds questions (and keeps title and dates); less
# than a kept title, so that a newer form whose new question was deleted stays the newer's
_MISSING = 0.1
_MOST_ADDED = 3  # words a reworded text may add or drop (more in a long one: half its words)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")  # a word, without the punctuation around it


def same_text(a: str, b: str) -> float:
    """How surely two question (or field, or section) texts say the same, 0-100: 100 when
    their normalised texts are equal; at least :data:`SAME_TEXT` when one is the other
    reworded (:func:`reworded`), ranked by their character similarity; below it otherwise.
    0 when either is empty once normalised ("", "1.", "***"): an empty text says nothing,
    so it is never the same as anything, not even another empty one."""
    return _same(_Text.of(a), _Text.of(b))


class _Text(NamedTuple):
    """A text as same_text compares it: normalised, and its words."""

    text: str
    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> _Text:
        normal = normalize_heading(text)
        return cls(normal, tuple(_WORD.findall(normal)))


def _same(x: _Text, y: _Text) -> float:
    """same_text of two texts already normalised."""
    if not x.text or not y.text:
        return 0.0
    if x.text == y.text:
        return 100.0
    score = fuzz.ratio(x.text, y.text)
    same = reworded(x.words, y.words)
    return max(score, SAME_TEXT) if same else min(score, SAME_TEXT - 1)


def reworded(old: Sequence[str], new: Sequence[str]) -> bool:
    """Whether ``new`` says what ``old`` says in other words (both as lists of words, without
    punctuation): every word kept or respelled
    (a typo, "Telefon" -> "Telefonnummer", "stadsdelsnämndens" -> "nämndens", a year), and
    only a few added or dropped ("... under året"): at most three, or half the shorter's
    words. A word said otherwise ("polisen" -> "skolan") is another question."""
    most = max(_MOST_ADDED, min(len(old), len(new)) // 2)
    if abs(len(old) - len(new)) > most:
        return False  # at least that many words added or dropped
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    added = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        gone, came = old[i1:i2], new[j1:j2]
        if tag == "equal" or (len(gone) == len(came) and all(map(_near, gone, came))):
            continue
        if tag == "replace":
            return False
        added += len(gone) + len(came)
    return added <= most


def _near(a: str, b: str) -> bool:
    """The same word as far as a question's identity goes: respelled by a letter or two, one
    written into the other (at least four letters), or a number (a year) for a number."""
    if a.isdigit() and b.isdigit():
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and short in long:
        return True
    return len(short) >= 4 and OSA.distance(a, b) <= (2 if len(short) >= 8 else 1)


def pair_texts(
    left: Sequence[Sequence[str]],
    right: Sequence[Sequence[str]],
    same_place: Callable[[int, int], bool] = lambda i, j: True,
) -> dict[int, int]:
    """One-to-one pairs ``i -> j`` of items that say the same (any of an item's wordings, at
    least :data:`SAME_TEXT`), the surest first; among equal scores, items in the same place
    (``same_place``: the same section), then nearer in relative position.

    Each text is normalised once, and the items of ``right`` worded alike are scored once (a
    previous run's answers.json is untrusted: thousands of its questions may say the same)."""
    wordings = _wordings(right)
    scored = []
    for i, texts in enumerate(_normalised(left)):
        for others, js in wordings.items():
            score = max((_same(a, b) for a in texts for b in others), default=0.0)
            if score < SAME_TEXT:
                continue
            for j in js:
                distance = abs(i / max(len(left), 1) - j / max(len(right), 1))
                scored.append((-score, not same_place(i, j), distance, i, j))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for *_, i, j in sorted(scored):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return pairs


def _normalised(items: Sequence[Sequence[str]]) -> list[tuple[_Text, ...]]:
    """Each item's distinct wordings normalised (each text once; an empty one dropped: it
    pairs with nothing)."""
    known: dict[str, _Text] = {}
    result = []
    for texts in items:
        for text in texts:
            if text not in known:
                known[text] = _Text.of(text)
        distinct = {known[t].text: known[t] for t in texts if known[t].text}
        result.append(tuple(distinct.values()))
    return result


def _wordings(items: Sequence[Sequence[str]]) -> dict[tuple[_Text, ...], list[int]]:
    """The items' distinct normalised wordings -> the items worded so, in order."""
    groups: dict[tuple[_Text, ...], list[int]] = {}
    for j, texts in enumerate(_normalised(items)):
        groups.setdefault(texts, []).append(j)
    return groups


# --------------------------------------------------------------------------- the union


@dataclass(eq=False)  # one entry of the union: equal only to itself (list.index, `in`, `is`)
class _Entry:
    question: Question  # as the newest template asking it words it
    own: dict[str, str] = field(default_factory=dict)  # template name -> its own id


@dataclass(eq=False)  # one part of the union: equal only to itself (parts.index(previous))
class _Part:
    section: Section  # as the newest template having it words it
    entries: list[_Entry] = field(default_factory=list)


def union_of(versions: Sequence[TemplateVersion]) -> tuple[Template, tuple[TemplateVersion, ...]]:
    """The union template of ``versions`` (oldest first, the newest last) and the versions with
    their question ids and field labels mapped onto it."""
    newest = versions[-1]
    parts = [_Part(section) for section in newest.template.sections]
    by_section = {s.id: part for s, part in zip(newest.template.sections, parts, strict=True)}
    for question in newest.template.questions:
        by_section[question.section_id].entries.append(_Entry(question, {newest.name: question.id}))
    for older in reversed(versions[:-1]):
        _merge(parts, older)
    questions, sections, ids = _numbered(parts, versions)
    fields, labels = _fields(versions, ids)
    union = dataclasses.replace(
        newest.template,
        sections=tuple(sections),
        questions=tuple(questions),
        fields=tuple(fields),
        instructions=tuple(
            dict.fromkeys(t for v in reversed(versions) for t in v.template.instructions)
        ),
        prompts=tuple(dict.fromkeys(p for v in reversed(versions) for p in v.template.prompts)),
    )
    mapped = tuple(
        dataclasses.replace(v, question_ids=ids[v.name], field_labels=labels[v.name])
        for v in versions
    )
    return union, mapped


def _merge(parts: list[_Part], older: TemplateVersion) -> None:
    """``older``'s sections and questions into ``parts``: paired where they say the same,
    inserted where they follow in ``older`` otherwise."""
    template = older.template
    home: dict[str, _Part] = {}  # its section id -> the union's part
    previous: _Part | None = None
    for section, part in zip(template.sections, _section_parts(parts, template), strict=True):
        if part is None:
            part = _Part(section)
            parts.insert(parts.index(previous) + 1 if previous else 0, part)
        home[section.id] = previous = part
    entries = [(part, entry) for part in parts for entry in part.entries]
    question_pairs = pair_texts(
        [[q.text] for q in template.questions],
        [[e.question.text] for _, e in entries],
        lambda i, j: home[template.questions[i].section_id] is entries[j][0],
    )
    last: tuple[str, _Entry] | None = None  # (own section id, entry) of the question before
    for n, question in enumerate(template.questions):
        if n in question_pairs:
            entry = entries[question_pairs[n]][1]
        else:
            entry = _Entry(question)
            part = home[question.section_id]
            after = last[1] if last and last[0] == question.section_id else None
            at = part.entries.index(after) + 1 if after in part.entries else 0
            part.entries.insert(at, entry)
        entry.own[older.name] = question.id
        last = (question.section_id, entry)


def _section_parts(parts: list[_Part], template: Template) -> list[_Part | None]:
    """The union's part each of ``template``'s sections is (None: a section of its own): by
    title, as questions are paired; questions under no section heading (the section named by
    the template's title, which versions word differently) with the union's like them."""
    headed = [n for n, p in enumerate(parts) if p.section.has_heading]
    pairs = pair_texts(
        [[s.title] for s in template.sections], [[parts[n].section.title] for n in headed]
    )
    bare = next((p for p in parts if not p.section.has_heading), None)
    return [
        (parts[headed[pairs[n]]] if n in pairs else None) if s.has_heading else bare
        for n, s in enumerate(template.sections)
    ]


def _numbered(
    parts: list[_Part], versions: Sequence[TemplateVersion]
) -> tuple[list[Question], list[Section], dict[str, dict[str, str]]]:
    """The union's questions and sections with positional ids, and per template its own
    question id -> the union's."""
    names = [v.name for v in versions]
    questions: list[Question] = []
    sections: list[Section] = []
    ids: dict[str, dict[str, str]] = {name: {} for name in names}
    for part in (p for p in parts if p.entries):
        section = dataclasses.replace(part.section, id=str(len(sections) + 1))
        sections.append(section)
        for n, entry in enumerate(part.entries, start=1):
            qid = f"{section.id}.{n}"
            asked_by = tuple(name for name in names if name in entry.own)
            questions.append(
                dataclasses.replace(
                    entry.question,
                    id=qid,
                    section_id=section.id,
                    section=section.title,
                    asked_by=asked_by,
                )
            )
            for name, own in entry.own.items():
                ids[name][own] = qid
    return questions, sections, ids


def _fields(
    versions: Sequence[TemplateVersion], ids: dict[str, dict[str, str]]
) -> tuple[list[FieldSpec], dict[str, dict[str, str]]]:
    """The union's metadata fields (the newest's, then other labels of the older ones) and per
    template its own label -> the union's."""
    fields: list[FieldSpec] = []
    labels: dict[str, dict[str, str]] = {}
    for version in reversed(versions):
        own = version.template.fields
        pairs = pair_texts([[f.label] for f in own], [[f.label] for f in fields])
        labels[version.name] = {}
        for n, spec in enumerate(own):
            if n in pairs:
                union_label = fields[pairs[n]].label
            else:
                before = ids[version.name].get(spec.before) if spec.before else None
                fields.append(dataclasses.replace(spec, before=before))
                union_label = spec.label
            labels[version.name][spec.label] = union_label
    return fields, labels


# --------------------------------------------------------------------------- assignment


def match_versions(
    doc: Document, versions: Sequence[TemplateVersion], *, file: str = ""
) -> tuple[TemplateVersion, FormAnswers]:
    """The version ``doc`` fits best, and what matching it against that version gave."""
    forms = [match_form(doc, version.template, file=file) for version in versions]
    present = {
        version.question_ids.get(answer.question_id, "")
        for version, form in zip(versions, forms, strict=True)
        for answer in form.answers
        if answer.status != "missing"
    }
    title = normalize_heading(document_title(doc))
    fits = [
        _fit(doc, version, form, present, title)
        for version, form in zip(versions, forms, strict=True)
    ]
    best = max(range(len(versions)), key=lambda n: (fits[n], n))  # a tie: the newer
    return versions[best], forms[best]


def _fit(
    doc: Document, version: TemplateVersion, form: FormAnswers, present: set[str], title: str
) -> float:
    """How well ``form`` (``doc`` matched against ``version``) fits that version: its questions
    found, less those the form holds that the version does not ask, less a little for each of
    the version's it lacks, plus what it kept of the version's title and dates."""
    found = sum(_found(answer) for answer in form.answers)
    foreign = len(present - set(version.question_ids.values()))
    kept = doc.properties
    likeness = [
        bool(title) and title == normalize_heading(version.template.title),
        bool(kept.title)
        and clean_spaces(kept.title or "") == clean_spaces(version.core_title or ""),
        bool(kept.created) and kept.created == version.created,
    ]
    missing = sum(answer.status == "missing" for answer in form.answers)
    return found - foreign - _MISSING * missing + _LIKENESS * sum(likeness)


def _found(answer: Answer) -> float:
    """1 for a question found by its control, its heading's score (0-1) when found by its
    heading, 0 when it is missing."""
    if answer.status == "missing":
        return 0.0
    return 1.0 if answer.score is None else answer.score / 100


def to_union(form: FormAnswers, version: TemplateVersion, union: Template) -> FormAnswers:
    """``form`` (matched against ``version``) under the union's ids and field labels, in the
    union's order; a question ``version`` does not ask is ``not_asked``."""
    ids = version.question_ids
    by_id = {ids.get(answer.question_id, answer.question_id): answer for answer in form.answers}
    answers = tuple(
        dataclasses.replace(by_id[q.id], question_id=q.id) if q.id in by_id else not_asked(q)
        for q in union.questions
    )
    labels = version.field_labels
    fields = {labels.get(label, label): value for label, value in form.fields.items()}
    messages = tuple(_renamed(message, ids) for message in form.messages)
    return FormAnswers(form.respondent, fields, answers, messages)


def not_asked(question: Question) -> Answer:
    """The answer to a question the form's template does not ask (``value`` as for its kind)."""
    return Answer(question.id, "not_asked", "", value=() if question.kind == "choice" else None)


def _renamed(message: Message, ids: Mapping[str, str]) -> Message:
    """A message about one question, under the union's id for it."""
    own = dict(message.params).get("question")
    if own is None or ids.get(own, own) == own:
        return message
    union_id = ids[own]
    params = tuple((k, union_id if k == "question" else v) for k, v in message.params)
    location = message.location.replace(f"question {own}", f"question {union_id}")
    text = message.text.replace(f"Question {own}:", f"Question {union_id}:")
    return dataclasses.replace(message, location=location, params=params, text=text)
