"""``--previous``: an earlier run's answers.json (or the output folder holding it), read as a
:class:`~docxmerge.model.PreviousRun`.

The file is untrusted like every input: read bounded (``max_bytes``), strict UTF-8, JSON with
no surprises (no NaN or Infinity, no key twice in one object, no nesting deeper than Python's
parser takes, no number too long to convert), the shape docxmerge writes and no more questions
or responses than a round has (:data:`MAX_QUESTIONS`, :data:`MAX_RESPONSES`, so that comparing
with it is bounded): anything else is refused with an
:class:`~docxmerge.model.UnreadableError` whose code says what it is. Keys docxmerge does not
need are ignored, so that an answers.json of any version is read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docxmerge.docx.package import Limits, read_file
from docxmerge.model import (
    PreviousAnswer,
    PreviousQuestion,
    PreviousResponse,
    PreviousRun,
    UnreadableError,
)

ANSWERS_NAME = "answers.json"
_NOT_OURS = "previous_not_docxmerge"
_TOO_MANY = "previous_too_many"
# No round has more (a questionnaire of a few hundred questions, a city's few hundred
# respondents and their versions): beyond them the file is refused before it is compared
MAX_QUESTIONS = 5_000  # questions, and answers in one response (one per question)
MAX_RESPONSES = 50_000


def read_previous(path: Path, max_bytes: int) -> PreviousRun:
    """The previous run at ``path`` (a docxmerge output folder, or its answers.json)."""
    target = path / ANSWERS_NAME if path.is_dir() else path
    if not target.exists():
        raise UnreadableError("previous_no_answers" if path.is_dir() else "previous_not_found")
    try:
        data = read_file(target, Limits(max_file_bytes=max_bytes))
    except UnreadableError as exc:
        code = "special_file" if exc.code == "not_word" else exc.code  # a pipe, a device
        raise UnreadableError(code, exc.detail) from None
    return previous_from(_parsed(data), str(target))


def _parsed(data: bytes) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableError("previous_not_json", f"not UTF-8: {exc.reason}") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_one_each)
    except RecursionError:
        raise UnreadableError("previous_not_json", "nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, a key twice, NaN, a number too long
        raise UnreadableError("previous_not_json", str(exc)[:200]) from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _one_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"the key {key[:40]!r} twice in one object")
        found[key] = value
    return found


def previous_from(document: Any, path: str) -> PreviousRun:
    """A parsed answers.json as a PreviousRun; UnreadableError when it is not one."""
    top = _object(document, "the document")
    template = _text(top.get("template", ""), "template")
    title = top.get("title")
    listed = _counted(top.get("questions"), "questions", MAX_QUESTIONS)
    returned = _counted(top.get("responses"), "responses", MAX_RESPONSES)
    questions = tuple(_question(q) for q in listed)
    responses = [_response(r) for r in returned]
    if not questions and not responses:
        raise UnreadableError(_NOT_OURS, "no questions and no responses")
    return PreviousRun(
        path=path,
        title=title if isinstance(title, str) else None,
        template=template,
        questions=questions,
        responses=tuple(response for response in responses if response is not None),
    )


def _question(value: Any) -> PreviousQuestion:
    item = _object(value, "a question")
    return PreviousQuestion(
        _text(item.get("id"), "a question's id"),
        _text(item.get("text"), "a question's text"),
        _text(item.get("section", ""), "a question's section"),
    )


def _response(value: Any) -> PreviousResponse | None:
    """A response that counted in that run (status "read", a respondent); None otherwise."""
    item = _object(value, "a response")
    status = _text(item.get("status"), "a response's status")
    respondent = item.get("respondent")
    given = _counted(item.get("answers", []), "answers in a response", MAX_QUESTIONS)
    answers = [_answer(a) for a in given]
    modified = _optional_text(item.get("document_modified"), "a response's document_modified")
    if status != "read" or not isinstance(respondent, str) or not respondent.strip():
        return None
    file = _text(item.get("file", ""), "a file name")
    fields = _fields(item.get("fields", {}))
    return PreviousResponse(file, respondent, tuple(answers), modified, fields)


def _fields(value: Any) -> dict[str, str]:
    """A response's metadata fields, label -> value as typed (as many as a form has
    questions, at most)."""
    given = _object(value, "a response's fields")
    if len(given) > MAX_QUESTIONS:
        raise UnreadableError(_TOO_MANY, f"{len(given)} fields in a response")
    return {label: _text(text, "a field's value") for label, text in given.items()}


def _answer(value: Any) -> PreviousAnswer:
    item = _object(value, "an answer")
    return PreviousAnswer(
        _text(item.get("question_id"), "an answer's question_id"),
        _text(item.get("status"), "an answer's status"),
        _text(item.get("text", ""), "an answer's text"),
    )


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UnreadableError(_NOT_OURS, f"{what} is not an object")
    return value


def _array(value: Any, what: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise UnreadableError(_NOT_OURS, f"{what}: not a list")
    return value


def _optional_text(value: Any, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _counted(value: Any, what: str, most: int) -> Sequence[Any]:
    """A list of at most ``most`` items; UnreadableError ``previous_too_many`` beyond."""
    items = _array(value, what)
    if len(items) > most:
        raise UnreadableError(_TOO_MANY, f"{len(items)} {what} (at most {most})")
    return items


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise UnreadableError(_NOT_OURS, f"{what}: not a string")
    return value
