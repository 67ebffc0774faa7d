"""Dates as respondents write them: "15 mars 2022", "2022-03-15", "15 March 2022", "03/15/2022".

A date picker control keeps its value in w:date/@w:fullDate (ECMA-376 §17.5.2.7) whatever it
shows; a date typed after deleting the picker, or into a date-typed legacy FORMTEXT, is only
text. :func:`parse_date` reads the usual written forms in Swedish, English, German, Norwegian
and Danish; anything else (a season, a range, "se bilaga") is no date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from docxmerge.answers.slots.reading import Reading
from docxmerge.answers.slots.text import read_text
from docxmerge.model import Block, Question

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "januari january jan januar janvier",
        "februari february feb februar",
        "mars march mar märz marts",
        "april apr",
        "maj may mai",
        "juni june jun",
        "juli july jul",
        "augusti august aug",
        "september sep sept",
        "oktober october okt oct",
        "november nov",
        "december dec dezember desember",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_YEAR_FIRST = re.compile(r"(\d{4})[./](\d{1,2})[./](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})")
_DAY_MONTH = re.compile(rf"(\d{{1,2}})(?:\.|:e|:a|st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})")
_MONTH_DAY = re.compile(rf"({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})")
_WEEKDAY = re.compile(
    r"^(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)(?:en|den)?,?\s+"
)


def parse_date(text: str, month_first: bool = False) -> str | None:
    """``text`` as "YYYY-MM-DD" when the whole of it is one date, else None.

    ``month_first`` reads "03/04/2022" as March 4 (US English); otherwise day first. A date
    whose day cannot be the month decides by itself ("03/15/2022" is March 15 either way).
    """
    key = _WEEKDAY.sub("", " ".join(text.casefold().split()).strip(" .,;"))
    key = re.sub(r"^(?:den|the|am)\s+", "", key)
    for pattern, order in (
        (_ISO, "ymd"),
        (_YEAR_FIRST, "ymd"),
        (_DAY_MONTH, "dMy"),
        (_MONTH_DAY, "Mdy"),
    ):
        found = pattern.fullmatch(key)
        if found is not None:
            return _made(found.groups(), order)
    found = _NUMERIC.fullmatch(key)
    if found is None:
        return None
    first, second, year = (int(g) for g in found.groups())
    if first > 12 or (not month_first and second <= 12):
        return _valid(_full_year(year), second, first)
    return _valid(_full_year(year), first, second)


def iso_date(value: str | None) -> str | None:
    """The date part of a w:fullDate ("2022-03-15T00:00:00Z"), when it is a real date."""
    if not value:
        return None
    found = _ISO.fullmatch(value.strip())
    return _made(found.groups(), "ymd") if found is not None else None


def _made(groups: tuple[str | None, ...], order: str) -> str | None:
    parts = dict(zip(order, groups, strict=True))
    month = parts.get("m") or ""
    month_number = int(month) if month.isdigit() else _MONTHS.get(parts.get("M") or "", 0)
    return _valid(int(parts["y"] or 0), month_number, int(parts["d"] or 0))


def _full_year(year: int) -> int:
    return year + 2000 if year < 100 else year


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def is_date_slot(blocks: Sequence[Block]) -> bool:
    """A slot that takes a date: a date picker control or a date-typed legacy FORMTEXT."""
    return any(
        any(c.kind == "date" for c in b.controls)
        or any(f.kind == "text" and f.input_type in ("date", "currentDate") for f in b.form_fields)
        for b in blocks
    )


def read_date(
    question: Question,
    region: Sequence[Block],
    template_keys: set[str],
    prompts: Sequence[str],
    month_first: bool = False,
) -> Reading:
    """A date slot's answer: the text as shown or typed, and its date as "YYYY-MM-DD"."""
    reading = read_text(question, region, template_keys, prompts)
    if reading.status != "answered":
        return reading
    picked = next(
        (c for b in region for c in b.controls if c.kind == "date" and not c.showing_placeholder),
        None,
    )
    value = iso_date(picked.date_value) if picked is not None else None
    if value is None:
        value = parse_date(reading.text, month_first)
    return dataclasses.replace(reading, value=value)
