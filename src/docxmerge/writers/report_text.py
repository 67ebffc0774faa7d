"""What report.docx says in words: its outline (every heading the contents list, with its
bookmark), the cover lines, and the plain-language lines on who did not answer.

A reader of the report is not a user of the tool: no status word in brackets. Per question,
the respondents whose form leaves it unanswered are grouped by what they did (left the box
untouched, emptied it, deleted the question), and those who only declined ("Ej aktuellt", "-")
are gathered in one line instead of being printed as answers. Respondents with no form to
count are named once, on the overview page, not under every question. A question the form's
template version does not ask is no non-answer: those forms are named in a line of their own.
With a previous round, the overview counts each respondent's new, changed and unchanged answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from docxmerge.answers.chase import listed_answered
from docxmerge.answers.tally import (
    NOT_ASKED,
    absent_respondents,
    answered_by_section,
    answered_count,
    asked,
    comparison_counts,
    comparison_totals,
    current_responses,
    previous_run_name,
    shown_status,
)
from docxmerge.i18n import t
from docxmerge.model import Answer, Question, Response, RunResult, Section

BOOKMARK_PREFIX = "_TocDm"  # "_Toc...": Word's own prefix for hidden contents bookmarks
# What the question lines say, in this order, for each status shown.
_NOTE_KEYS = (
    ("declined", "report.declined"),
    ("placeholder", "report.untouched"),
    ("empty", "report.emptied"),
    ("missing", "report.question_missing"),
)
_ABSENT_KEYS = (
    ("unreadable", "report.absent_unreadable"),
    ("blank_form", "report.absent_blank"),
    ("not_received", "report.absent_not_received"),
)
_NUMBERED = re.compile(r"\d+[.):]?\s")  # "1. ", "1) ", "1 "


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of the report that the contents list, with its bookmark."""

    level: int  # 1: the overview and the sections, 2: the questions
    text: str
    bookmark: str
    question: Question | None = None  # the question the heading opens


def outline(result: RunResult) -> list[Heading]:
    """The overview, then each section followed by its questions, in template order (questions
    outside any section last)."""
    template = result.template
    entries: list[tuple[int, str, Question | None]] = [
        (1, t("report.overview", result.language), None)
    ]
    for section in template.sections:
        entries.append((1, numbered_title(section), None))
        entries += [
            (2, _question_title(q), q) for q in template.questions if q.section_id == section.id
        ]
    known = {section.id for section in template.sections}
    entries += [(2, _question_title(q), q) for q in template.questions if q.section_id not in known]
    return [
        Heading(level, text, f"{BOOKMARK_PREFIX}{n:06d}", question)
        for n, (level, text, question) in enumerate(entries, start=1)
    ]


def numbered_title(section: Section) -> str:
    """ "4. Övriga upplysningar": every section numbered alike; a title that starts with a
    number of its own ("1.", "1)") is kept as written."""
    title = section.title.strip()
    return title if _NUMBERED.match(title) else f"{section.id}. {title}"


def _question_title(question: Question) -> str:
    return f"{question.id} {question.text}"


def cover_lines(result: RunResult) -> list[str]:
    """The cover under the title: the date compiled and how many responded (of how many)."""
    lang = result.language
    lines = [t("report.run_date", lang, date=result.run_date)] if result.run_date else []
    current = current_responses(result)
    if result.expected:
        answered, listed = listed_answered(result)
        lines.append(t("report.respondents_of", lang, count=str(answered), of=str(listed)))
    else:
        key = "report.respondent_one" if len(current) == 1 else "report.respondents"
        lines.append(t(key, lang, count=str(len(current))))
    return lines


# The overview's columns with --previous: every comparison word, so that each column adds up to
# the count the sentence under the table gives (without "dropped" a row read 0/1/5 while the
# Changes sheet showed two answers dropped).
_SHOWN_COUNTS = ("new", "changed", "unchanged", "dropped")


def overview_rows(result: RunResult) -> list[list[str]]:
    """The overview table: per respondent the answered questions of those asked, per section
    and in all ("–" for a section their form's version does not ask), and with a previous
    round how many answers are new, changed, unchanged and dropped."""
    lang, template = result.language, result.template
    compared = result.previous is not None
    header = [t("col.respondent", lang), *(f"{s.id}." for s in template.sections)]
    header.append(t("report.total", lang))
    header += [t(f"col.{word}", lang) for word in _SHOWN_COUNTS] if compared else []
    rows = [header]
    sections = [[q for q in template.questions if q.section_id == s.id] for s in template.sections]
    for response, counts in answered_by_section(result):
        row = [response.respondent or response.file.name]
        for count, questions in zip(counts, sections, strict=True):
            of = len(asked(response, questions))
            row.append(f"{count}/{of}" if of else "–")
        row.append(f"{answered_count(response)}/{len(asked(response, template.questions))}")
        changes = comparison_counts(response)
        rows.append(row + [str(changes.get(w, 0)) for w in _SHOWN_COUNTS] * compared)
    return rows


def compared_lines(result: RunResult) -> list[str]:
    """With a previous round: which it was and how many answers are new, changed, unchanged
    and dropped; who answered it and has sent no form now; how changes are shown."""
    previous, lang = result.previous, result.language
    if previous is None:
        return []
    counts = {word: str(count) for word, count in comparison_totals(result).items()}
    shown_as = previous_run_name(previous)
    lines = [t("report.compared_with", lang, previous=shown_as, **counts)]
    if previous.only_previous:
        lines.append(t("report.only_previous", lang, names=", ".join(previous.only_previous)))
    shown = any(
        a.comparison is not None and a.comparison.difference
        for r in current_responses(result)
        for a in r.answers
    )
    return lines + ([t("report.changes_legend", lang)] if shown else [])


def question_notes(
    question: Question, answers: Sequence[tuple[Response, Mapping[str, Answer]]], lang: str
) -> list[str]:
    """The lines under a question's answers: who declined, and who left it unanswered and how
    (an optional question: only how many left it); whose form's version does not ask it."""
    by_status: dict[str, list[str]] = {}
    for response, by_id in answers:
        answer = by_id.get(question.id)
        status = shown_status(answer)
        name = response.respondent or response.file.name
        if answer is not None and status == "declined":
            name = _with_own_words(name, answer.text)
        by_status.setdefault(status, []).append(name)
    lines: list[str] = []
    for status, key in _NOTE_KEYS:
        names = by_status.get(status)
        if names and (status == "declined" or not question.optional):
            lines.append(t(key, lang, names=", ".join(names)))
    left = sum(len(by_status.get(status, ())) for status, _ in _NOTE_KEYS[1:])
    not_asked = by_status.get(NOT_ASKED, [])
    if question.optional and left:
        of = str(len(answers) - len(not_asked))
        lines.append(t("report.optional_left", lang, count=str(left), of=of))
    if not_asked:
        lines.append(t("report.not_asked", lang, names=", ".join(not_asked)))
    return lines


def _with_own_words(name: str, text: str) -> str:
    """A respondent who declined, with their words when they say more than "Ej aktuellt" or
    "-" ("Inte aktuellt för nämnden"): the reason is not lost with the answer."""
    words = " ".join(text.split())
    return f"{name} (”{words.rstrip('.')}”)" if len(words.split()) > 2 else name


def absent_notes(result: RunResult) -> list[str]:
    """One line per kind of respondent with no form to count, naming them."""
    by_status: dict[str, list[str]] = {}
    for absent in absent_respondents(result):
        by_status.setdefault(absent.status, []).append(absent.name)
    lang = result.language
    return [
        t(key, lang, names=", ".join(by_status[status]))
        for status, key in _ABSENT_KEYS
        if status in by_status
    ]


def choice_rows(
    question: Question, answers: Sequence[tuple[Response, Mapping[str, Answer]]], lang: str
) -> list[list[str]]:
    """A choice question's table: header, then each option with how many chose it and who
    (an answer outside the options, a combo box's own entry, gets a row of its own)."""
    chosen: dict[str, list[str]] = {option: [] for option in question.options}
    for response, by_id in answers:
        answer = by_id.get(question.id)
        if answer is None or shown_status(answer) != "answered":
            continue
        for label in answer.value if isinstance(answer.value, tuple) else ():
            chosen.setdefault(label, []).append(response.respondent or response.file.name)
    header = [t("report.option", lang), t("report.count", lang), t("report.chosen_by", lang)]
    return [header] + [
        [option, str(len(names)), ", ".join(names)] for option, names in chosen.items()
    ]


def choice_comment(answer: Answer) -> str:
    """What a respondent wrote beside the boxes: the answer's text after its chosen labels."""
    labels = ", ".join(answer.value) if isinstance(answer.value, tuple) else ""
    first, _, rest = answer.text.partition("\n")
    return rest.strip() if labels and first == labels else answer.text.strip() if not labels else ""
