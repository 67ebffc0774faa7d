"""Who answered: respondent names, the ``--expected`` list, superseded versions.

Committee names are written in many ways ("Farsta stadsdelsnämnd", "Stadsdelsnämnden i
Farsta", "Farsta SDN"); :func:`respondent_key` reduces them to one comparable key so that
spellings of the same committee agree, with or without an expected list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from rapidfuzz import fuzz

from docxmerge.answers.normalize import clean_spaces, is_known_prompt
from docxmerge.answers.tally import BLANK_FORM
from docxmerge.model import Expected, Message, Response

MATCH_MIN = 85.0  # fuzzy score needed to take a canonical name from --expected

_DISTRICT_WORDS = frozenset(
    {
        "stadsdelsnämnd",
        "stadsdelsnämnden",
        "stadsdelsnämndens",
        "stadsdelsförvaltning",
        "stadsdelsförvaltningen",
        "stadsdelsförvaltningens",
        "sdn",
        "sdf",
    }
)


@dataclass(frozen=True)
class Candidate:
    """One read file claimed by a respondent, with what decides which version is newest."""

    file: str
    respondent: str
    document_modified: str | None  # core properties dcterms:modified
    file_modified: str  # file system modification time
    sha256: str = ""  # the file's content hash: equal hashes are identical copies


# --------------------------------------------------------------------------- names


def respondent_key(name: str) -> str:
    """A comparable key: case, punctuation, "stadsdelsnämnd(en)", "SDN", "nämnden i" removed.

    "Östermalms stadsdelsnämnd", "Stadsdelsnämnden i Östermalm" and "Östermalm SDN" all give
    "östermalm"; "Kulturnämnden" gives "kulturnämnd".
    """
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", clean_spaces(name).casefold())
    text = re.sub(r"\s*-\s*", "-", re.sub(r"[^\w\s-]", " ", text))
    tokens: list[str] = []
    dropped_district = False
    for token in text.split():
        if token in _DISTRICT_WORDS or (token in ("nämnden", "nämnd") and not tokens):
            if tokens and tokens[-1].endswith("s") and len(tokens[-1]) > 3:
                tokens[-1] = tokens[-1][:-1]  # genitive: "Östermalms stadsdelsnämnd"
            dropped_district = True
            continue
        if token == "i" and dropped_district and not tokens:
            continue  # "Stadsdelsnämnden i Farsta"
        tokens.append(token[:-2] if token.endswith("nämnden") else token)
    return " ".join(t.strip("-") for t in tokens if t.strip("-"))


def _clean_name(raw: str | None) -> str:
    if raw is None:
        return ""
    text = clean_spaces(raw).strip(" .,;:")
    if is_known_prompt(text) or not respondent_key(text):
        return ""  # a prompt, or no name at all ("-", "SDN", "Nämnden")
    return text


def _file_stem_name(file_name: str) -> str:
    return clean_spaces(PurePath(file_name.replace("\\", "/")).stem.replace("_", " "))


def _name_score(source: str, candidate: str, from_file: bool) -> float:
    a, b = respondent_key(source), respondent_key(candidate)
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if from_file and 4 <= len(b) <= len(a):  # "Farsta_T2_2026.docx": the name within the stem
        score = max(score, fuzz.token_set_ratio(a, b) - 5, fuzz.partial_ratio(b, a) - 5)
    return float(round(score, 1))


def _best(source: str, expected: Sequence[Expected], from_file: bool) -> tuple[str, float]:
    best_name, best_score = source, 0.0
    for entry in expected:
        for spelling in (entry.name, *entry.aliases):
            score = _name_score(source, spelling, from_file)
            if score > best_score:
                best_name, best_score = entry.name, score
    return best_name, best_score


def resolve_respondent(
    raw: str | None, file_name: str, expected: Sequence[Expected]
) -> tuple[str, float | None]:
    """The respondent's name and, with an expected list, the match score (0-100).

    ``raw`` is the form's first field ("Nämnd"), cleaned of placeholder; when empty or
    without a key (:func:`respondent_key` gives ""), the file name stem. With ``expected``,
    a canonical name when a spelling matches at least :data:`MATCH_MIN` (the field first,
    then the file name); otherwise the name as written with the best score found.
    """
    name = _clean_name(raw)
    from_file = not name
    source = name or _file_stem_name(file_name)
    if not expected:
        return source, None
    canonical, score = _best(source, expected, from_file)
    if score >= MATCH_MIN:
        return canonical, score
    if not from_file and file_name:
        by_file, file_score = _best(_file_stem_name(file_name), expected, True)
        if file_score >= MATCH_MIN:
            return by_file, file_score
    return source, score


def _group_key(name: str, alone: str) -> str:
    """The key to group ``name`` under; a name with no key ("SDN") stays alone."""
    return respondent_key(name) or "\0" + alone


def display_names(names: Iterable[str]) -> dict[str, str]:
    """Each name -> the most complete spelling among the names with the same key."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(_group_key(name, name), []).append(name)
    chosen = {key: max(sorted(group), key=len) for key, group in groups.items()}
    return {name: chosen[key] for key, group in groups.items() for name in group}


# --------------------------------------------------------------------------- versions


def _instant(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


_EPOCH = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def natural_key(name: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key reading digit runs as numbers: "copy 9" before "copy 60"."""
    parts = re.split(r"(\d+)", name.casefold())
    return tuple((1, int(p), p) if p.isdigit() else (0, 0, p) for p in parts if p)


def _newness(
    candidate: Candidate,
) -> tuple[dt.datetime, dt.datetime, tuple[tuple[int, int, str], ...]]:
    file_time = _instant(candidate.file_modified) or _EPOCH
    when = _instant(candidate.document_modified) or file_time
    return when, file_time, natural_key(candidate.file)


def choose_latest(candidates: Sequence[Candidate]) -> dict[str, str | None]:
    """file -> the file that supersedes it (None for the version in use).

    Per respondent (compared by :func:`respondent_key`) the newest wins: by the core
    properties modified date (the file time when a file has none), then the file
    modification time, then the file name in natural order (the later name wins). A name with no key
    ("SDN") is never grouped with another file.
    """
    groups: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(_group_key(candidate.respondent, candidate.file), []).append(candidate)
    result: dict[str, str | None] = {}
    for group in groups.values():
        winner = max(group, key=_newness)
        for candidate in group:
            result[candidate.file] = None if candidate is winner else winner.file
    return result


# --------------------------------------------------------------------------- the run


def assign(
    responses: Sequence[Response], expected: Sequence[Expected], lang: str = "en"
) -> tuple[list[Response], list[str], list[Message]]:
    """Name every response, mark superseded versions, list expected names with no file.

    Returns the responses (same order), the names not received, and run-level messages.
    """
    del lang  # messages carry params; the writers render them
    named: list[Response] = []
    messages: list[Message] = []
    for response in responses:
        raw = next(iter(response.fields.values()), None) if response.fields else None
        if response.status != "read":
            named.append(response)  # named below, once every read form has its name
            continue
        name, score = resolve_respondent(raw, response.file.name, expected)
        if expected and (score is None or score < MATCH_MIN):
            messages.append(_unknown(response.file.name, name, score))
        named.append(dataclasses.replace(response, respondent=name))
    read = [Expected(r.respondent) for r in named if r.status == "read" and r.respondent]
    named = [
        dataclasses.replace(r, respondent=_file_name(r, expected, read))
        if r.status != "read"
        else r
        for r in named
    ]
    if not expected:
        shown = display_names(r.respondent for r in named if r.respondent)
        named = [
            dataclasses.replace(r, respondent=shown[r.respondent]) if r.respondent else r
            for r in named
        ]
    named = _supersede(named)
    received = {respondent_key(r.respondent) for r in named if r.respondent} - {""}
    missing = [e.name for e in expected if respondent_key(e.name) not in received]
    return named, missing, messages


def _file_name(
    response: Response, expected: Sequence[Expected], read: Sequence[Expected]
) -> str | None:
    """Whom an unreadable file or a returned blank form stands for, by its file name: the
    expected respondent it matches; with no list, the read respondent it matches ("Bromma
    trasig.docx" is Bromma's), else the file name itself. Files that are no form at all (notes,
    spreadsheets) and other skipped entries stand for nobody."""
    if not _may_be_a_form(response):
        return response.respondent
    name, score = resolve_respondent(None, response.file.name, expected or read)
    if score is not None and score >= MATCH_MIN:
        return name
    return response.respondent if expected else name


def _may_be_a_form(response: Response) -> bool:
    if response.status == "skipped":
        return response.error_code == BLANK_FORM
    return response.status == "unreadable" and response.error_code != "not_word"


def _unknown(file: str, name: str, score: float | None) -> Message:
    return Message(
        file,
        "respondent",
        "unknown_respondent",
        f"Respondent {name!r} is not in the expected list",
        (("name", name), ("score", f"{score or 0:.0f}")),
    )


def _superseded_note(file: str, by: str, identical: bool) -> Message:
    if identical:
        return Message(file, "file", "duplicate_copy", f"Identical copy of {by}", (("file", by),))
    text = f"Superseded by a newer version: {by}"
    return Message(file, "file", "superseded", text, (("by", by),))


def _supersede(responses: list[Response]) -> list[Response]:
    candidates = [
        Candidate(r.file.name, r.respondent, r.document_modified, r.file.modified, r.file.sha256)
        for r in responses
        if r.status == "read" and r.respondent
    ]
    winners = choose_latest(candidates)
    hashes = {c.file: c.sha256 for c in candidates}
    result: list[Response] = []
    for response in responses:
        by = winners.get(response.file.name)
        if by is None or response.status != "read":
            result.append(response)
            continue
        note = _superseded_note(response.file.name, by, hashes[by] == response.file.sha256)
        result.append(
            dataclasses.replace(
                response,
                status="superseded",
                superseded_by=by,
                messages=(*response.messages, note),
            )
        )
    return result
