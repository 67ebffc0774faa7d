"""answers.json: the machine-readable whole of a run (shape fixed by issue 4; keys only added).

Status words stay English here; ``error`` and each message's ``message`` are in the run's language.
The same RunResult always gives the same bytes (sorted keys, no run date, no timestamps of our own).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docxmerge.i18n import message_text, reason_text
from docxmerge.model import (
    Answer,
    Message,
    PreviousInfo,
    Question,
    Response,
    RunResult,
    TemplateVersion,
)
from docxmerge.writers.atomic import write_atomically

# Lone UTF-16 surrogates cannot be encoded as UTF-8; XML never yields them, but be safe.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BATCH = 4096  # encoder pieces per write


def answers_document(result: RunResult) -> dict[str, Any]:
    """The answers.json document as plain dicts and lists."""
    compared = result.previous is not None
    responses = [_response(r, result.language, compared) for r in result.responses]
    return _document(result, responses)


def _document(result: RunResult, responses: list[dict[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {
        "template": result.template.title,
        "language": result.language,
        "title": result.title,
        "questions": [_question(question) for question in result.template.questions],
        "responses": responses,
        "messages": [_message(message, result.language) for message in result.messages],
        "templates": [_template(version) for version in result.templates],
    }
    if result.not_received is not None:  # given --expected: always there, maybe []
        document["not_received"] = list(result.not_received)
    if result.previous is not None:  # given --previous
        document["previous"] = _previous(result.previous)
    return document


def _template(version: TemplateVersion) -> dict[str, Any]:
    """A template file of the run: its name, title, the date its age was judged by (and where
    that date comes from), and the run's ids of the questions it asks."""
    return {
        "name": version.name,
        "title": version.template.title,
        "date": version.date,
        "dated_by": version.dated_by,
        "questions": sorted(set(version.question_ids.values()), key=_id_order),
    }


def _id_order(question_id: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in question_id.split("."))


def _previous(info: PreviousInfo) -> dict[str, Any]:
    """The previous run compared with: its answers.json, round and template title, how many of
    this run's respondents were found in it, who answered there and sent nothing now, this
    run's question ids -> that run's, and this run's files -> the file each was compared with."""
    return {
        "path": info.path,
        "title": info.title,
        "template": info.template,
        "respondents_compared": info.compared,
        "only_previous": list(info.only_previous),
        "questions": dict(info.question_ids),
        "files": dict(info.files),
    }


class _OneAtATime(list[dict[str, Any]]):
    """The responses, made one at a time as the encoder reaches them (memory stays flat).

    json's pure-Python encoder (the one used with ``indent``) only asks a list for its length
    and iterates it, so the whole file is never held as one dict.
    """

    def __init__(self, result: RunResult) -> None:
        super().__init__()
        self._result = result

    def __len__(self) -> int:
        return len(self._result.responses)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        lang, compared = self._result.language, self._result.previous is not None
        return (_response(response, lang, compared) for response in self._result.responses)


def write_answers_json(result: RunResult, path: Path) -> None:
    """Write answers.json atomically: UTF-8, indent 2, sorted keys, byte-identical per input.

    The text is exactly ``json.dumps(answers_document(result), indent=2, sort_keys=True)``,
    written piece by piece.
    """
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, sort_keys=True)
    document = _document(result, _OneAtATime(result))

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="\n") as out:
            pending: list[str] = []  # the encoder yields tiny pieces: write them in batches
            for chunk in encoder.iterencode(document):
                pending.append(chunk)
                if len(pending) >= _BATCH:
                    out.write(_LONE_SURROGATE.sub("\ufffd", "".join(pending)))
                    pending.clear()
            out.write(_LONE_SURROGATE.sub("\ufffd", "".join(pending)) + "\n")

    write_atomically(Path(path), write)


def _question(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "section_id": question.section_id,
        "section": question.section,
        "text": question.text,
        "slot": question.slot,
        "control_tag": question.control_tag,
        "control_alias": question.control_alias,
        "kind": question.kind,
        "options": list(question.options),
        "multiple": question.multiple,
        "placement": question.placement,
        "optional": question.optional,
        "asked_by": list(question.asked_by),
    }


def _response(response: Response, lang: str, compared: bool = False) -> dict[str, Any]:
    # An unreadable file has no answers; a superseded one keeps what was read from it.
    unread = response.status == "unreadable"
    answers = [] if unread else [_answer(a, compared) for a in response.answers]
    return {
        "file": response.file.name,
        "status": response.status,
        "error": _error(response, lang),
        "error_code": response.error_code,
        "error_detail": response.error_detail,
        "respondent": response.respondent,
        "fields": dict(response.fields),
        "answers": answers,
        "messages": [_message(message, lang) for message in response.messages],
        "superseded_by": response.superseded_by,
        "size": response.file.size,
        "modified": response.file.modified,
        "sha256": response.file.sha256,
        "document_modified": response.document_modified,
        "template": response.template,
    }


def _error(response: Response, lang: str) -> str | None:
    """The reason as the run wrote it, else the sentence for its code."""
    if response.error or not response.error_code:
        return response.error
    return reason_text(response.error_code, lang)


def _answer(answer: Answer, compared: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {
        "question_id": answer.question_id,
        "status": answer.status,
        "text": answer.text,
        "score": None if answer.score is None else round(float(answer.score), 1),
        "flags": list(answer.flags),
        "heading": answer.heading,
        "value": list(answer.value) if isinstance(answer.value, tuple) else answer.value,
    }
    if compared:  # with --previous: on every answer (null on a superseded form's)
        found |= _comparison(answer)
    return found


def _comparison(answer: Answer) -> dict[str, Any]:
    """The comparison word, the similarity (answered in both rounds) and the previous round's
    text where it was answered then and differs from this round's."""
    comparison = answer.comparison
    if comparison is None:
        return {"comparison": None, "similarity": None, "previous_text": None}
    before = comparison.previous_text
    return {
        "comparison": comparison.word,
        "similarity": comparison.similarity,
        "previous_text": before if before is not None and before != answer.text else None,
    }


def _message(message: Message, lang: str) -> dict[str, Any]:
    return {
        "file": message.file,
        "location": message.location,
        "code": message.code,
        "text": message.text,
        "message": message_text(message, lang),
        "params": dict(message.params),
    }
