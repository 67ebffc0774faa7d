"""Who answered: respondent names, the ``--expected`` list, superseded versions.

Committee names are written in many ways ("Farsta stadsdelsnämnd", "Stadsdelsnämnden i
Farsta", "Farsta SDN"); :func:`respondent_key` reduces them to one comparable key so that
spellings of the same committee agree, with or without an expected list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from docxmerge.answers.normalize import clean_spaces, is_known_prompt
from docxmerge.answers.tally import BLANK_FORM
from docxmerge.model import Expected, Message, Response

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MATCH_MIN = 85.0  # fuzzy score needed to take a canonical name from --expected

_DISTRICT_WORDS = frozenset(  # without diacritics: compared with fold_marks(token)
    {
        "stadsdelsnamnd",
        "stadsdelsnamnden",
        "stadsdelsnamndens",
        "stadsdelsforvaltning",
        "stadsdelsforvaltningen",
        "stadsdelsforvaltningens",
        "sdn",
        "sdf",
    }
)
_ABBREVIATIONS = frozenset({"sdn", "sdf"})


@dataclass(frozen=True)
class Candidate:
    """One read file claimed by a respondent, with what decides which version is newest."""

    file: str
    respondent: str
    document_modified: str | None  # core properties dcterms:modified
    file_modified: str  # file system modification time
    sha256: str = ""  # the file's content hash: equal hashes are identical copies
    has_questions: bool = True  # some question of the template was found in it


# --------------------------------------------------------------------------- names


def respondent_key(name: str) -> str:
    """A comparable key: case, punctuation, "stadsdelsnämnd(en)", "SDN", "nämnden i" removed.

    "Östermalms stadsdelsnämnd", "Stadsdelsnämnden i Östermalm" and "Östermalm SDN" all give
    "östermalm"; "Kulturnämnden" gives "kulturnämnd". The district words are recognised typed
    without å, ä, ö too ("Farsta stadsdelsnamnd" gives "farsta").
    """
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", clean_spaces(name).casefold())
    text = re.sub(r"\s*-\s*", "-", re.sub(r"[^\w\s-]", " ", text))
    tokens: list[str] = []
    dropped_district = False
    for token in text.split():
        bare = fold_marks(token)
        if bare in _DISTRICT_WORDS or (bare in ("namnden", "namnd") and not tokens):
            if tokens and tokens[-1].endswith("s") and len(tokens[-1]) > 3:
                tokens[-1] = tokens[-1][:-1]  # genitive: "Östermalms stadsdelsnämnd"
            dropped_district = True
            continue
        if token == "i" and dropped_district and not tokens:
            continue  # "Stadsdelsnämnden i Farsta"
        tokens.append(token[:-2] if bare.endswith("namnden") else token)
    return " ".join(t.strip("-") for t in tokens if t.strip("-"))


# Letters NFKD does not take apart (Danish, Norwegian, German, Polish ...)
_UNMARKED = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l"}
    | {"Ø": "O", "Æ": "AE", "Œ": "OE", "Đ": "D", "Ł": "L"}
)


def fold_marks(text: str) -> str:
    """``text`` without diacritics: "Hägersten-Älvsjö" -> "Hagersten-Alvsjo" (case kept)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(_UNMARKED)


def folded_key(name: str) -> str:
    """respondent_key with diacritics folded: the key two spellings of one respondent share,
    also when one is typed without å, ä, ö ("Hagersten-Alvsjo SDN")."""
    return fold_marks(respondent_key(name))


def _clean_name(raw: str | None) -> tuple[str, str]:
    """The name as written, cleaned, and its key (:func:`respondent_key`)."""
    if raw is None:
        return "", ""
    text = _without_trailing_dot(clean_spaces(raw).strip(" ,;:"))
    key = "" if is_known_prompt(text) else respondent_key(text)
    return (text, key) if key else ("", "")  # a prompt, or no name ("-", "SDN", "Nämnden")


_ABBREVIATION = re.compile(r"(?:^|\s)[A-ZÅÄÖ][A-Za-zÅÄÖåäö.]{0,3}\.$")  # "Inc.", "Ltd.", "S.A."


def _without_trailing_dot(text: str) -> str:
    """A name without the full stop typed after it ("Bromma stadsdelsnämnd."), but with the
    one that ends an abbreviation ("Harbor Electronics Inc.", "Sunrise Textiles Pvt. Ltd.")."""
    if _ABBREVIATION.search(text):
        return text
    return text.rstrip(" .,;:")


def _file_stem_name(file_name: str) -> str:
    return clean_spaces(PurePath(file_name.replace("\\", "/")).stem.replace("_", " "))


@dataclass(frozen=True)
class ListKeys:
    """An expected list with the key of each spelling made once (:func:`list_keys`): matching
    many names against it normalises every spelling once, not once per name."""

    expected: tuple[Expected, ...]
    spellings: tuple[tuple[Expected, str, str], ...]  # entry, a spelling's key, folded
    columns: tuple[int, ...]  # the spellings _best_all scores (see list_keys)
    keys: tuple[str, ...]  # their keys, and folded
    folded: tuple[str, ...]


def list_keys(expected: Sequence[Expected] | ListKeys) -> ListKeys:
    """``expected`` with the keys of its spellings (names and aliases, in list order)."""
    if isinstance(expected, ListKeys):
        return expected
    spellings = []
    for entry in expected:
        for spelling in (entry.name, *entry.aliases):
            key = respondent_key(spelling)
            spellings.append((entry, key, fold_marks(key)))
    # Scored: the spellings with a key (one without scores 0), each key once ("Farsta
    # stadsdelsnämnd" and its alias "Farsta SDN" are both "farsta"): a spelling keyed as an
    # earlier one scores as it does, and the first of equals wins.
    first: dict[tuple[str, str], int] = {}
    for n, (_, key, bare) in enumerate(spellings):
        if key:
            first.setdefault((key, bare), n)
    columns = tuple(first.values())
    keys = tuple(spellings[n][1] for n in columns)
    folded = tuple(spellings[n][2] for n in columns)
    return ListKeys(tuple(expected), tuple(spellings), columns, keys, folded)


def _name_score(a: str, folded_a: str, b: str, folded_b: str, from_file: bool) -> float:
    """0-100: how surely the name keyed ``a`` names the spelling keyed ``b`` (both
    :func:`respondent_key`, and folded). Names typed without å, ä, ö are one more signal:
    their folded keys are compared too, one point below an exact spelling (so a list holding
    both spellings prefers the exact one). Folding keeps Södermalm and Östermalm apart:
    "sodermalm" and "ostermalm" differ in three letters."""
    if not a or not b:
        return 0.0
    folded = _key_score(folded_a, folded_b, from_file) - 1.0
    return max(_key_score(a, b, from_file), folded)


def _key_score(a: str, b: str, from_file: bool) -> float:
    if a == b:
        return 100.0
    score = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
    if from_file and 4 <= len(b) <= len(a):  # "Farsta_T2_2026.docx": the name within the stem
        score = max(score, fuzz.token_set_ratio(a, b) - 5, fuzz.partial_ratio(b, a) - 5)
    return float(round(score, 1))


# --------------------------------------------------------------------------- many names
#
# Speed trick, kept here beside the pair scores it must equal (answers/ may not import
# docxmerge.speed). Scoring a name against each spelling in Python took about 1 ms per name
# against a list of 500: a previous run of 50,000 names, 46 s (in batches: 1.9 s). _best_all
# scores a block of names against every spelling with rapidfuzz.process.cdist, one C call per
# scorer (the scorers of _key_score), and rounds the scores as round(score, 1) does (_tenths);
# where that is not certain, and for a key equal to the name's, _name_score itself scores the
# pair. The first of equals wins, as before. No score_cutoff: the best score below MATCH_MIN
# is reported too (unknown_respondent). Figures: bench/README.md.

# cdist gives the pair calls' very values (checked on 620,000 pairs: the fixtures' names, edited);
# _SLACK is room for a rapidfuzz that would compute one in another order
_SLACK = 1e-6
_BLOCK_CELLS = 1 << 18  # names x spellings scored at a time: 2 MB per score matrix
_Best = tuple[Expected | None, float]  # a list entry (None: none) and its score


def _best_all(names: Sequence[tuple[str, bool]], keys: ListKeys) -> list[_Best]:
    """For each name (its :func:`respondent_key`, and whether it is a file name's): the entry
    whose spelling it names most surely (the first of equals), and the score; names scored
    against the list a block at a time."""
    found: list[_Best] = [(None, 0.0)] * len(names)
    rows = max(1, _BLOCK_CELLS // max(1, len(keys.columns)))
    for from_file in (False, True):
        todo = [(n, key) for n, (key, flag) in enumerate(names) if key and flag == from_file]
        for start in range(0, len(todo) if keys.columns else 0, rows):
            block = todo[start : start + rows]
            keyed = [key for _, key in block]
            for (n, _), best in zip(block, _best_block(keyed, keys, from_file), strict=True):
                found[n] = best
    return found


def _best_block(names: list[str], keys: ListKeys, from_file: bool) -> list[_Best]:
    """The entry and score (as :func:`_best_all`) of each name keyed in ``names`` (none of
    them empty), against every spelling of the list."""
    import numpy as np  # imported when names are matched, not by every command

    folded = [fold_marks(a) for a in names]
    plain, plain_unsure = _tenths(_unrounded(names, keys.keys, from_file))
    bare, bare_unsure = _tenths(_unrounded(folded, keys.folded, from_file))
    scores = np.maximum(plain, bare - 1.0)  # _name_score
    # the pair call scores what rounding leaves uncertain, and equal keys (100 by its own rule)
    unsure = plain_unsure | bare_unsure | (plain == 100.0) | (bare == 100.0)
    for row, column in zip(*(at.tolist() for at in unsure.nonzero()), strict=True):  # few
        _, b, folded_b = keys.spellings[keys.columns[column]]
        scores[row, column] = _name_score(names[row], folded[row], b, folded_b, from_file)
    columns = scores.argmax(axis=1)  # the first of equals
    best = scores[np.arange(len(names)), columns]
    return [
        (keys.spellings[keys.columns[column]][0], score) if score > 0 else (None, 0.0)
        for column, score in zip(columns.tolist(), best.tolist(), strict=True)
    ]


def _tenths(scores: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """``scores`` as round(score, 1) rounds them, and where that is not certain. round gives
    the integer nearest 10 x score (exactly), over 10: certain unless 10 x score is within
    10 x _SLACK (doubled, for the float error of 10 x score) of a half, as 93.75 is."""
    import numpy as np

    tenths = scores * 10.0
    whole = np.rint(tenths)
    # in place: a new matrix per step cost 0.14 of 2.0 s CPU (50,000 names against 500)
    off = np.abs(np.subtract(tenths, whole, out=tenths), out=tenths)
    return np.divide(whole, 10.0, out=whole), off > 0.5 - 20 * _SLACK


def _unrounded(names: list[str], spellings: Sequence[str], from_file: bool) -> NDArray[np.float64]:
    """:func:`_key_score` of each name (rows) with each spelling, not rounded."""
    import numpy as np

    scores = np.maximum(
        _cdist(names, spellings, fuzz.ratio), _cdist(names, spellings, fuzz.token_sort_ratio)
    )
    if from_file:
        _add_within_stem(scores, names, spellings)
    return scores


def _add_within_stem(
    scores: NDArray[np.float64], names: list[str], spellings: Sequence[str]
) -> None:
    """:func:`_key_score`'s terms for a name taken from a file name, into ``scores``: where a
    spelling has 4 characters or more and no more than the name."""
    import numpy as np

    name_len = np.array([len(a) for a in names])
    spelling_len = np.array([len(b) for b in spellings])
    columns = ((spelling_len >= 4) & (spelling_len <= name_len.max())).nonzero()[0]
    if not columns.size:
        return
    inner = [spellings[c] for c in columns.tolist()]
    token_set = _cdist(names, inner, fuzz.token_set_ratio)
    within = np.maximum(token_set, _cdist(inner, names, fuzz.partial_ratio).T) - 5.0
    fits = spelling_len[columns][None, :] <= name_len[:, None]
    part = scores[:, columns]
    scores[:, columns] = np.where(fits, np.maximum(part, within), part)


def _cdist(
    queries: Sequence[str], choices: Sequence[str], scorer: Callable[..., float]
) -> NDArray[np.float64]:
    """``scorer(query, choice)`` for every pair, in one C call; float64 as the pair calls
    give it (cdist's default, float32, would round the scores)."""
    import numpy as np

    scores: NDArray[np.float64] = process.cdist(queries, choices, scorer=scorer, dtype=np.float64)
    return scores


def resolve_respondent(
    raw: str | None, file_name: str, expected: Sequence[Expected] | ListKeys
) -> tuple[str, float | None]:
    """The respondent's name and, with an expected list, the match score (0-100).

    ``raw`` is the form's first field ("Nämnd"), cleaned of placeholder; when empty or
    without a key (:func:`respondent_key` gives ""), the file name stem. With ``expected``,
    a canonical name when a spelling matches at least :data:`MATCH_MIN` (the field first,
    then the file name); otherwise the name as written with the best score found. Many names
    against one list: :func:`resolve_respondents`.
    """
    return resolve_respondents([(raw, file_name)], expected)[0]


def resolve_respondents(
    forms: Sequence[tuple[str | None, str]], expected: Sequence[Expected] | ListKeys
) -> list[tuple[str, float | None]]:
    """:func:`resolve_respondent` of each (raw, file name): the same names and scores, the
    names matched against the list many at a time (its spellings keyed once)."""
    matches = _match_all(forms, list_keys(expected))
    return [(source if entry is None else entry.name, score) for entry, source, score in matches]


_Match = tuple[Expected | None, str, float | None]  # the entry, the name as written, the score


def _match(raw: str | None, file_name: str, keys: ListKeys) -> _Match:
    """The list entry a form names (None: none surely), the name as written, the score."""
    return _match_all([(raw, file_name)], keys)[0]


def _match_all(forms: Sequence[tuple[str | None, str]], keys: ListKeys) -> list[_Match]:
    """:func:`_match` of each (raw, file name): the name the form gives first, then, where it
    names no entry surely, its file name's stem."""
    sources = [_source(raw, file_name) for raw, file_name in forms]
    if not keys.expected:
        return [(None, source, None) for source, _, _ in sources]
    found = _best_all([(key, from_file) for _, key, from_file in sources], keys)
    again = [
        n
        for n, ((_, _, from_file), (_, score)) in enumerate(zip(sources, found, strict=True))
        if score < MATCH_MIN and not from_file and forms[n][1]
    ]
    stems = [respondent_key(_file_stem_name(forms[n][1])) for n in again]
    by_file = dict(zip(again, _best_all([(stem, True) for stem in stems], keys), strict=True))
    return [
        _chosen(source, first, by_file.get(n))
        for n, ((source, _, _), first) in enumerate(zip(sources, found, strict=True))
    ]


def _source(raw: str | None, file_name: str) -> tuple[str, str, bool]:
    """The name a form gives (its field, else its file name's stem), its key, and whether it
    is the file name's."""
    name, key = _clean_name(raw)
    if name:
        return name, key, False
    stem = _file_stem_name(file_name)
    return stem, respondent_key(stem), True


def _chosen(source: str, first: _Best, by_file: _Best | None) -> _Match:
    """The field's entry when it scores :data:`MATCH_MIN`, else the file name's when that
    does, else none with the field's score."""
    entry, score = first
    if score >= MATCH_MIN:
        return entry, source, score
    if by_file is not None and by_file[1] >= MATCH_MIN:
        return by_file[0], source, by_file[1]
    return None, source, score


def shown_name(entry: Expected, written: Sequence[str]) -> str:
    """The name to show for a list entry: the list's, unless a form (``written``: the names
    forms gave) spells the same name more fully: with the å, ä, ö the list left out ("Farsta
    stadsdelsnamnd"), or written out where the list abbreviates ("Skärholmens sdn")."""
    fuller = [name for name in written if _spells_out(name, entry.name)]
    if not fuller:
        return entry.name
    bare = fold_marks(entry.name).casefold()
    return max(  # the list's own words with å, ä, ö first, then the fullest spelling
        sorted(fuller),
        key=lambda name: (fold_marks(name).casefold() == bare, len(name), not name.isascii()),
    )


def _spells_out(form_name: str, list_name: str) -> bool:
    if not respondent_key(form_name) or folded_key(form_name) != folded_key(list_name):
        return False
    lost_marks = fold_marks(list_name) == list_name and fold_marks(form_name) != form_name
    words = set(re.findall(r"\w+", list_name.casefold()))
    form_words = set(re.findall(r"\w+", form_name.casefold()))
    abbreviated = bool(words & _ABBREVIATIONS) and not form_words & _ABBREVIATIONS
    return lost_marks or abbreviated


def _group_key(name: str, alone: str) -> str:
    """The key to group ``name`` under (diacritics folded); a name with no key ("SDN") stays
    alone."""
    return folded_key(name) or "\0" + alone


def display_names(names: Iterable[str]) -> dict[str, str]:
    """Each name -> the most complete spelling among the names with the same key."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(_group_key(name, name), []).append(name)
    chosen = {key: max(sorted(group), key=len) for key, group in groups.items()}
    return {name: chosen[key] for key, group in groups.items() for name in group}


# --------------------------------------------------------------------------- expected list


def check_expected(
    entries: Sequence[Expected], source: str
) -> tuple[list[Expected], list[Message]]:
    """The list with repeated entries merged, and a warning for each (and for an empty list).

    Two entries are the same respondent when their keys agree, diacritics folded ("Skarpnäck"
    beside "Skarpnäcks stadsdelsnämnd"): the later one becomes a spelling of the first (its
    e-mail, contact and phone fill what the first leaves empty), so that the respondent is
    neither listed twice nor reported as not received.
    """
    if not entries:
        text = f"The expected list ({source}) holds no name"
        return [], [Message(source, "run", "expected_empty", text, (("path", source),))]
    merged: dict[str, Expected] = {}
    messages: list[Message] = []
    for entry in entries:
        key = folded_key(entry.name) or entry.name.casefold()
        first = merged.get(key)
        if first is None:
            merged[key] = entry
            continue
        merged[key] = _merged(first, entry)
        text = f"{entry.name} is in the expected list a second time (as {first.name}): counted once"
        params = (("name", entry.name), ("first", first.name), ("path", source))
        messages.append(Message(source, "run", "expected_duplicate", text, params))
    return list(merged.values()), messages


def _merged(first: Expected, again: Expected) -> Expected:
    spellings = (*first.aliases, again.name, *again.aliases)
    return dataclasses.replace(
        first,
        aliases=tuple(dict.fromkeys(s for s in spellings if s != first.name)),
        email=first.email or again.email,
        contact=first.contact or again.contact,
        phone=first.phone or again.phone,
    )


# --------------------------------------------------------------------------- versions


def instant(value: str | None) -> dt.datetime | None:
    """An ISO 8601 date and time (UTC when it names no zone); None when absent or invalid."""
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
) -> tuple[bool, dt.datetime, dt.datetime, tuple[tuple[int, int, str], ...]]:
    file_time = instant(candidate.file_modified) or _EPOCH
    when = instant(candidate.document_modified) or file_time
    return candidate.has_questions, when, file_time, natural_key(candidate.file)


def choose_latest(candidates: Sequence[Candidate]) -> dict[str, str | None]:
    """file -> the file that supersedes it (None for the version in use).

    Per respondent (compared by :func:`respondent_key`) the newest wins: by the core
    properties modified date (the file time when a file has none), then the file
    modification time, then the file name in natural order (the later name wins). A version in
    which no question of the template was found never wins over one in which some were: it is
    another questionnaire with the same header fields, sent by mistake. A name with no key
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
    With a list, a response takes its entry's name (:func:`shown_name`); without one, the most
    complete spelling among the forms that name the same respondent. Unreadable files and
    returned blank forms are named by their file name (:func:`_by_file_name`).
    """
    del lang  # messages carry params; the writers render them
    keys = list_keys(expected)
    forms = [(_first_field(r), r.file.name) for r in responses if r.status == "read"]
    matches = iter(_match_all(forms, keys))
    named: list[_Named] = []
    messages: list[Message] = []
    for response in responses:
        if response.status != "read":
            named.append((response, None, ""))  # named below, once every read form has its name
            continue
        entry, written, score = next(matches)
        if expected and entry is None:
            messages.append(_unknown(response.file.name, written, score))
        named.append((response, entry, written))
    read = list_keys([Expected(name) for r, _, name in named if r.status == "read"])
    named = [n if n[0].status == "read" else _by_file_name(n[0], keys, read) for n in named]
    matched = {id(entry) for _, entry, _ in named if entry is not None}
    missing = [e.name for e in expected if id(e) not in matched]
    return _supersede(_named(named, bool(expected))), missing, messages


_Named = tuple[Response, Expected | None, str]  # a response, its list entry, its name as written


def _first_field(response: Response) -> str | None:
    """The form's first field as written ("Nämnd"), the one naming the respondent."""
    return next(iter(response.fields.values()), None) if response.fields else None


def _by_file_name(response: Response, expected: ListKeys, read: ListKeys) -> _Named:
    """Whom an unreadable file or a returned blank form stands for, by its file name: the
    expected respondent it matches; with no list, the read respondent it matches ("Bromma
    trasig.docx" is Bromma's), else the file name itself. Files that are no form at all (notes,
    spreadsheets) and other skipped entries stand for nobody."""
    if not _may_be_a_form(response):
        return response, None, ""
    entry, written, _ = _match(None, response.file.name, expected if expected.expected else read)
    if expected.expected:  # a name on the list, or nobody: the list says who is missing
        return response, entry, written if entry is not None else ""
    return response, None, entry.name if entry is not None else written


def _may_be_a_form(response: Response) -> bool:
    if response.status == "skipped":
        return response.error_code == BLANK_FORM
    return response.status == "unreadable" and response.error_code != "not_word"


def _named(named: Sequence[_Named], listed: bool) -> list[Response]:
    """Each response with the name it is shown by (an unreadable file nobody's: as it was)."""
    written: dict[int, list[str]] = {}
    for response, entry, name in named:
        if entry is not None and response.status == "read":
            written.setdefault(id(entry), []).append(name)
    shown = {} if listed else display_names(name for _, _, name in named if name)
    result: list[Response] = []
    for response, entry, name in named:
        if entry is not None:
            name = shown_name(entry, written.get(id(entry), []))
        elif not name:
            result.append(response)
            continue
        result.append(dataclasses.replace(response, respondent=shown.get(name, name)))
    return result


def _unknown(file: str, name: str, score: float | None) -> Message:
    return Message(
        file,
        "respondent",
        "unknown_respondent",
        f"Respondent {name!r} is not in the expected list",
        (("name", name), ("score", f"{score or 0:.0f}")),
    )


def _superseded_note(loser: Candidate, winner: Candidate) -> Message:
    file, by = loser.file, winner.file
    if winner.sha256 == loser.sha256:
        return Message(file, "file", "duplicate_copy", f"Identical copy of {by}", (("file", by),))
    if winner.has_questions and not loser.has_questions:
        text = f"Not used: no question of the template was found in it; {by} is used"
        return Message(file, "file", "superseded_no_questions", text, (("by", by),))
    text = f"Superseded by a newer version: {by}"
    return Message(file, "file", "superseded", text, (("by", by),))


def _candidate(response: Response) -> Candidate:
    found = any(a.status not in _NOT_FOUND for a in response.answers)
    file = response.file
    return Candidate(
        file.name,
        response.respondent or "",
        response.document_modified,
        file.modified,
        file.sha256,
        found,
    )


_NOT_FOUND = frozenset({"missing", "not_asked"})  # answer statuses of a question not found


def _supersede(responses: list[Response]) -> list[Response]:
    candidates = {
        r.file.name: _candidate(r) for r in responses if r.status == "read" and r.respondent
    }
    winners = choose_latest(list(candidates.values()))
    result: list[Response] = []
    for response in responses:
        by = winners.get(response.file.name)
        if by is None or response.status != "read":
            result.append(response)
            continue
        note = _superseded_note(candidates[response.file.name], candidates[by])
        result.append(
            dataclasses.replace(
                response,
                status="superseded",
                superseded_by=by,
                messages=(*response.messages, note),
            )
        )
    return result
