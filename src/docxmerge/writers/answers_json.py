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
from docxmerge.model import Answer, Message, Question, Response, RunResult
from docxmerge.writers.atomic import write_atomically

# Lone UTF-16 surrogates cannot be encoded as UTF-8; XML never yields them, but be safe.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_BATCH = 4096  # encoder pieces per write


def answers_document(result: RunResult) -> dict[str, Any]:
    """The answers.json document as plain dicts and lists."""
    responses = [_response(response, result.language) for response in result.responses]
    return _document(result, responses)


def _document(result: RunResult, responses: list[dict[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {
        "template": result.template.title,
        "language": result.language,
        "title": result.title,
        "questions": [_question(question) for question in result.template.questions],
        "responses": responses,
        "messages": [_message(message, result.language) for message in result.messages],
    }
    if result.not_received is not None:  # given --expected: always there, maybe []
        document["not_received"] = list(result.not_received)
    return document


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
        lang = self._result.language
        return (_response(response, lang) for response in self._result.responses)


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
    }


def _response(response: Response, lang: str) -> dict[str, Any]:
    # An unreadable file has no answers; a superseded one keeps what was read from it.
    answers = [] if response.status == "unreadable" else [_answer(a) for a in response.answers]
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
    }


def _error(response: Response, lang: str) -> str | None:
    """The reason as the run wrote it, else the sentence for its code."""
    if response.error or not response.error_code:
        return response.error
    return reason_text(response.error_code, lang)


def _answer(answer: Answer) -> dict[str, Any]:
    return {
        "question_id": answer.question_id,
        "status": answer.status,
        "text": answer.text,
        "score": None if answer.score is None else round(float(answer.score), 1),
        "flags": list(answer.flags),
        "heading": answer.heading,
        "value": list(answer.value) if isinstance(answer.value, tuple) else answer.value,
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
