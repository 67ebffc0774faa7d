"""Exact shortcuts around :mod:`docxmerge.answers.normalize`: each skips a call only when its
result is certain without it.

They rest on one fact: every ASCII letter of a text stays one character through NFKC, case
folding and the clean-ups (composition only joins combining marks to a letter), so a text with
many ASCII letters cannot normalise to a short prompt, label or heading. Measured on the
benchmark forms: matching 1.22 -> 1.05 ms per form (with the remembered heading scores of
``locate.align``); answers.json identical, property tests hold the bounds on awkward Unicode.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from docxmerge.answers.normalize import (
    KNOWN_PROMPTS,
    clean_spaces,
    is_declined,
    is_known_prompt,
    prompt_spans,
)

_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
# normalize.strip_numbering removes at most two rounds of prefixes, each with at most 19
# letters ("frågeställning" + "a" in "Frågeställning 3a:", then "iv" in "iv) ")
_PREFIX_LETTERS = 40
_DECLINED_LONGEST = 60  # normalize.is_declined: a longer key is never declined


def _ascii_letters(text: str) -> int:
    return len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))


@lru_cache(maxsize=64)
def _longest_prompt(prompts: tuple[str, ...]) -> int:
    """An upper bound on the length of any prompt's comparison key (is_known_prompt)."""
    return max(len(clean_spaces(p).casefold()) for p in (*KNOWN_PROMPTS, *prompts))


def known_prompt(text: str, prompts: tuple[str, ...]) -> bool:
    """is_known_prompt(text, prompts), without the call for texts too long to be a prompt."""
    return _ascii_letters(text) <= _longest_prompt(prompts) and is_known_prompt(text, prompts)


def _case_fix_table() -> dict[int, int | None] | None:
    """Maps the characters re.IGNORECASE takes as equal beyond simple lower case onto one
    of them (the lowest), e.g. "ſ" onto "s".

    None when this Python does not expose its table (the prompt shortcut is then off).
    """
    try:
        from re import _casefix  # type: ignore[attr-defined]

        extra: dict[int, tuple[int, ...]] = _casefix._EXTRA_CASES
    except (ImportError, AttributeError):
        return None
    table: dict[int, int | None] = {0x0307: None}  # "İ".lower() is "i" + U+0307
    for code, others in extra.items():
        canonical = min(code, *others)
        table.update({c: canonical for c in (code, *others) if c != canonical})
    return table


_CASE_FIX = _case_fix_table()
_CASE_FIX_CHARS = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in sorted(_CASE_FIX)) + "]" if _CASE_FIX else "(?!)"
)


def _folded(text: str) -> str:
    assert _CASE_FIX is not None
    lowered = text.lower()
    return lowered.translate(_CASE_FIX) if _CASE_FIX_CHARS.search(lowered) else lowered


@lru_cache(maxsize=64)
def _prompt_stems(prompts: tuple[str, ...]) -> re.Pattern[str]:
    """Finds the first word (folded) of any prompt, as a plain substring.

    normalize searches each prompt as its words, case-insensitively: where one matches, the
    folded text holds the folded first word.
    """
    stems = set()
    for prompt in (*KNOWN_PROMPTS, *prompts):
        # the pattern's first word: that of the text, or all of it without a final "."
        first = clean_spaces(prompt).casefold().strip().split(" ")[0].rstrip(".… ")
        stems.add(_folded(first))
    return re.compile("|".join(re.escape(stem) for stem in sorted(stems)))


def _may_hold_prompt(text: str, prompts: tuple[str, ...]) -> bool:
    if _CASE_FIX is None:
        return True
    return _prompt_stems(prompts).search(_folded(text)) is not None


def declined(text: str) -> bool:
    """is_declined, without the call for texts far too long to be a refusal."""
    return _ascii_letters(text) <= _DECLINED_LONGEST and is_declined(text)


def may_be_key(text: str, longest: float) -> bool:
    """False when normalize_heading(text) is surely longer than ``longest`` characters."""
    return _ascii_letters(text) - _PREFIX_LETTERS <= longest


def may_be_one_of(text: str, key_lengths: Sequence[int]) -> bool:
    """False when normalize_heading(text) surely has none of the (sorted) ``key_lengths``.

    Below: see may_be_key. Above: a text that NFKC leaves alone and that case folding maps
    character for character (into NFKC text again) cannot grow: every later step of
    normalize_heading only drops characters or replaces one with one.
    """
    shortest = _ascii_letters(text) - _PREFIX_LETTERS
    at = bisect_left(key_lengths, shortest)
    if at == len(key_lengths):
        return False
    folded = text.casefold()
    if (
        len(folded) == len(text)
        and unicodedata.is_normalized("NFKC", text)
        and unicodedata.is_normalized("NFKC", folded)
    ):
        return key_lengths[at] <= len(text)
    return True


def quick_prompt_spans(text: str, prompts: tuple[str, ...]) -> list[tuple[int, int]]:
    """prompt_spans(text, prompts), without the call when no prompt can start in ``text``."""
    return prompt_spans(text, prompts) if _may_hold_prompt(text, prompts) else []
