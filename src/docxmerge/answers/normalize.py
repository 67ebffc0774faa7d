"""Text normalisation for matching headings, and recognising prompts and declined answers.

Everything here is a pure function on strings: no document, no XML.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA

# Word's own placeholder prompts (the glossary's default docParts), old and new wordings.
KNOWN_PROMPTS: tuple[str, ...] = (
    # Swedish
    "Klicka här för att ange text.",
    "Klicka eller tryck här för att ange text.",
    "Klicka här för att ange ett datum.",
    "Klicka här för att ange datum.",
    "Klicka eller tryck för att ange ett datum.",
    "Välj ett objekt.",
    # English
    "Click here to enter text.",
    "Click or tap here to enter text.",
    "Click here to enter a date.",
    "Click or tap to enter a date.",
    "Choose an item.",
    # German
    "Klicken Sie hier, um Text einzugeben.",
    "Klicken oder tippen Sie hier, um Text einzugeben.",
    "Klicken Sie hier, um ein Datum einzugeben.",
    "Klicken oder tippen Sie, um ein Datum einzugeben.",
    "Wählen Sie ein Element aus.",
    # Norwegian (bokmål)
    "Klikk her for å skrive inn tekst.",
    "Klikk eller trykk her for å skrive inn tekst.",
    "Klikk her for å skrive inn en dato.",
    "Klikk eller trykk for å skrive inn en dato.",
    "Velg et element.",
    # Danish
    "Klik her for at angive tekst.",
    "Klik eller tryk her for at angive tekst.",
    "Klik eller tryk her for at skrive tekst.",
    "Klik her for at angive en dato.",
    "Klik eller tryk for at angive en dato.",
    "Vælg et element.",
)

# (regular expressions, not str.translate: translate is ten times slower on non-ASCII text)
_QUOTES = re.compile("[\"'`´‘’‚‛“”„‟«»‹›]")
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_QUOTES_OR_DASHES = re.compile(f"{_QUOTES.pattern}|{_DASHES.pattern}")
# Numbering typed (or left) in front of a heading: "1.", "1)", "1.2", "(3)", "a)", "iv.",
# "Fråga 3:", "Question 3 -".
_PREFIXES = (
    re.compile(
        r"(?:fråga|frågeställning|question|frage|spørsmål|spørgsmål|q)\s*"
        r"\d+(?:\.\d+)*[a-z]?\s*[:.)\-\u2013\u2014]?\s*",
        re.IGNORECASE,
    ),
    re.compile(r"\(?\d{1,2}(?:\.\d{1,2})*[.):]?\s+"),
    re.compile(r"\(?\d{1,2}(?:\.\d{1,2})*[.)](?=[^\W\d])"),
    re.compile(r"\(?(?:[a-z]|[ivx]{1,4})[.)]\s+", re.IGNORECASE),
)
_TRAILING = " :;,.!?…*"  # (after clean_spaces the only white space left is " ")
_LEADING = " :;,.*•·▪■►-"


def clean_spaces(text: str) -> str:
    """NFKC (NBSP and other odd spaces become spaces), invisible characters dropped,
    whitespace collapsed to single spaces, trimmed."""
    if not text.isascii():  # NFKC leaves ASCII alone, and every invisible is beyond it
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return " ".join(text.split())  # str.split() splits on what re's \s matches


@lru_cache(maxsize=8192)
def normalize_heading(text: str) -> str:
    """The comparable form of a heading.

    Case-folded; NBSP and whitespace runs collapsed; quote characters dropped; hyphen and dash
    variants as "-"; numbering prefixes ("1.", "1)", "1.2", "a)", "Fråga 3:") and trailing
    colons or punctuation removed.
    """
    text = clean_spaces(text).casefold()
    if _QUOTES_OR_DASHES.search(text):
        text = _DASHES.sub("-", _QUOTES.sub("", text))
    # Case folding may leave text NFKC changes; no invisible character can come back
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    # (the prefixes and punctuation go from the ends only: single spaces stay single)
    return _strip_prefixes(text).rstrip(_TRAILING).lstrip(_LEADING)


@lru_cache(maxsize=1024)  # headings: the same ones in every form
def strip_numbering(text: str) -> str:
    """``text`` (spaces cleaned) without numbering typed in front ("1.", "a)", "Fråga 3:")."""
    return _strip_prefixes(clean_spaces(text))


def _strip_prefixes(text: str) -> str:
    """strip_numbering of a text already through clean_spaces."""
    for _ in range(2):  # "Fråga 3: 1. ..." carries two prefixes
        before = text
        for pattern in _PREFIXES:
            found = pattern.match(text)  # anchored: one look at the start, not a scan
            if found is not None:
                text = text[found.end() :]
        if text == before:
            break
    return text.strip()


TYPO_MIN_CHARS = 8  # a heading this long or longer forgives one mistyped letter


def heading_edited(found: str, template: str) -> bool:
    """True when a heading as written says something other than the template's: a word added,
    dropped or changed, or any digit changed. That is where a reader should look.

    Not edits: case, quote styles, punctuation (a trailing colon included), spacing (NBSP, a
    heading split over runs or paragraphs), a typed number in front, and one mistyped letter
    (added, dropped, changed, or two swapped) in a heading of 8 characters or more.
    """
    written, asked = _wording(found), _wording(template)
    if written == asked:
        return False
    if _DIGITS.findall(written) != _DIGITS.findall(asked):
        return True  # "budget 2022" -> "budget 2023" is one letter, and another question
    if min(len(written), len(asked)) < TYPO_MIN_CHARS:
        return True
    return OSA.distance(written, asked, score_cutoff=1) > 1


_DIGITS = re.compile(r"\d")


@lru_cache(maxsize=1024)
def _wording(text: str) -> str:
    """The words of a heading: numbering, case, punctuation and spacing left out."""
    # upper() first: a change of case must fold to one form ("ı".upper() is "I", which
    # casefolds to "i", while "ı".casefold() stays "ı")
    text = unicodedata.normalize("NFKC", strip_numbering(text).upper().casefold())
    kept = "".join(c for c in text if not unicodedata.category(c).startswith("P"))
    return " ".join(kept.split())


def numbering_depth(text: str) -> int | None:
    """How many levels a typed number in front of ``text`` has ("1." -> 1, "2.3" -> 2)."""
    found = re.match(r"^\s*\(?(\d{1,2}(?:\.\d{1,2})*)[.):]?\s", clean_spaces(text) + " ")
    return None if found is None else found.group(1).count(".") + 1


def _prompt_key(text: str) -> str:
    return clean_spaces(text).casefold().rstrip(".… ").strip()


_KNOWN_KEYS = frozenset(_prompt_key(p) for p in KNOWN_PROMPTS)


def is_known_prompt(text: str, extra: Iterable[str] = ()) -> bool:
    """True when ``text`` is a placeholder prompt: Word's defaults or one of ``extra``.

    The comparison ignores case, spacing (NBSP included) and a trailing period.
    """
    key = _prompt_key(text)
    if not key:
        return False
    return key in _KNOWN_KEYS or any(key == _prompt_key(p) for p in extra if p.strip())


def prompt_spans(text: str, extra: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Where known prompts sit in ``text``: sorted, merged (start, end) offsets.

    Each span takes the spaces after the prompt (or, at the end of a line, before it), so
    that cutting the spans out leaves one space between the words around a prompt.
    """
    prompts = (*KNOWN_PROMPTS, *extra)
    if not _first_words(prompts).search(text):
        return []  # most paragraphs hold no prompt: one search instead of one per prompt
    found: list[tuple[int, int]] = []
    for prompt in prompts:
        pattern = _prompt_pattern(prompt)
        if pattern is not None:
            found.extend(_widened(text, *m.span()) for m in pattern.finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _widened(text: str, start: int, end: int) -> tuple[int, int]:
    after = end
    while after < len(text) and text[after] in " \u00a0":
        after += 1
    if after == len(text) or text[after] == "\n":
        before = start  # at the end of a line: the space before the prompt goes
        while before > 0 and text[before - 1] in " \u00a0":
            before -= 1
        return before, after
    return start, after


@lru_cache(maxsize=64)
def _first_words(prompts: tuple[str, ...]) -> re.Pattern[str]:
    """Matches where any of ``prompts`` could start: its first word."""
    words = {_prompt_key(p).split(" ")[0] for p in prompts if _prompt_pattern(p) is not None}
    if not words:
        return re.compile(r"(?!)")  # never matches
    return re.compile("|".join(sorted(map(re.escape, words))), re.IGNORECASE)


@lru_cache(maxsize=512)
def _prompt_pattern(prompt: str) -> re.Pattern[str] | None:
    words = _prompt_key(prompt).split(" ")
    if len("".join(words)) < 8:  # too short to remove safely from inside typed text
        return None
    body = r"[\s\u00a0]+".join(re.escape(w) for w in words)
    return re.compile(body + r"\.?", re.IGNORECASE)


_DECLINED = frozenset(
    {
        "-",
        "--",
        "---",
        "ej aktuellt",
        "ej aktuell",
        "inte aktuellt",
        "ej tillämpligt",
        "inte tillämpligt",
        "ej tillämplig",
        "ej relevant",
        "inte relevant",
        "ej relevant för nämnden",
        "inget att rapportera",
        "inget att redovisa",
        "inget att tillägga",
        "n/a",
        "na",
        "n.a",
        "not applicable",
        "nothing to report",
        "nicht zutreffend",
        "ikke relevant",
        "ikke aktuelt",
        "ikke aktuel",
    }
)
_DECLINED_STARTS = (
    "ej aktuellt",
    "inte aktuellt",
    "ej relevant",
    "inte relevant",
    "ej tillämpligt",
    "inte tillämpligt",
    "inget att rapportera",
    "inget att redovisa",
    "not applicable",
)


def is_declined(text: str) -> bool:
    """True when an answer only says the question does not apply ("-", "Ej aktuellt", "N/A").

    A bare "Nej" is a real answer to a yes/no question and is not declined.
    """
    key = _DASHES.sub("-", clean_spaces(text).casefold()).rstrip(".!").strip()
    if key in _DECLINED:
        return True
    if len(key) > 60:
        return False
    return any(
        key.startswith(start) and not key[len(start) : len(start) + 1].isalnum()
        for start in _DECLINED_STARTS
    )
