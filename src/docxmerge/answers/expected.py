"""The ``--expected`` list: its rows (read by :mod:`docxmerge.docx.list_file`) as
:class:`~docxmerge.model.Expected` respondents.

With a header row, columns are known by their headings: the name ("Namn", "Nämnd", "Name"),
other spellings ("Alias", "Förkortning"; several in one cell separated by ``,``, ``;`` or ``|``),
the e-mail address ("E-post", "E-mail"), the contact person ("Kontaktperson") and the phone
("Telefon"); other columns are ignored. Without a header (or in columns the header leaves
unnamed) the first cell is the name and the others are other spellings, except a cell that is
an e-mail address.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docxmerge.answers.normalize import clean_spaces
from docxmerge.model import Expected

_HEADINGS: dict[str, frozenset[str]] = {
    "name": frozenset(
        {"name", "namn", "nämnd", "respondent", "svarande", "canonical", "canonical name"}
        | {"organisation", "organization", "förvaltning", "bolag", "mottagare"}
    ),
    "aliases": frozenset(
        {"alias", "aliases", "andra namn", "other names", "other spellings", "stavningar"}
        | {"förkortning", "förkortningar", "also known as", "även kallad"}
    ),
    "email": frozenset(
        {"e-post", "epost", "e-postadress", "epostadress", "mejl", "mejladress", "mail"}
        | {"email", "e-mail", "email address", "e-mail address"}
    ),
    "contact": frozenset(
        {"kontaktperson", "kontakt", "kontaktperson för eventuella frågor", "handläggare"}
        | {"contact", "contact person", "contact name"}
    ),
    "phone": frozenset({"telefon", "telefonnummer", "tel", "tfn", "phone", "phone number"}),
}
_EMAIL = re.compile(r"[^@\s<>(),;:\"']+@[^@\s<>(),;:\"']+\.[^@\s<>(),;:\"'.]+")
_ALIAS_SEPARATORS = re.compile(r"[,;|]")


def looks_like_email(text: str) -> bool:
    """Whether ``text`` is one plain e-mail address (``name@example.se``)."""
    return _EMAIL.fullmatch(text.strip()) is not None


def _heading_kind(cell: str) -> str | None:
    """What a header cell names: a kind of :data:`_HEADINGS`, "other", or None when empty."""
    key = clean_spaces(cell).casefold().rstrip(":").strip()
    if not key:
        return None
    return next((kind for kind, words in _HEADINGS.items() if key in words), "other")


def _header(row: Sequence[str]) -> list[str | None] | None:
    """The kind of each column when ``row`` is a header row, else None.

    A header names its first column as a name, or names a known column while no cell of it is
    an e-mail address (a first data row may hold one).
    """
    kinds = [_heading_kind(cell) for cell in row]
    if kinds and kinds[0] == "name":
        return kinds
    known = any(kind not in (None, "other") for kind in kinds)
    if known and not any(looks_like_email(cell) for cell in row):
        return kinds
    return None


def expected_from_rows(rows: Sequence[Sequence[str]]) -> list[Expected]:
    """The respondents of the list, a row each, in list order (a name listed twice is merged,
    with a warning, by respondents.check_expected)."""
    cells_by_row = [[clean_spaces(cell) for cell in row] for row in rows]
    cells_by_row = [row for row in cells_by_row if any(row)]
    kinds = _header(cells_by_row[0]) if cells_by_row else None
    if kinds is not None:
        cells_by_row = cells_by_row[1:]
    name_column = kinds.index("name") if kinds and "name" in kinds else 0
    result: list[Expected] = []
    for cells in cells_by_row:
        entry = _entry(cells, kinds, name_column)
        if entry is not None:
            result.append(entry)
    return result


def _entry(cells: list[str], kinds: list[str | None] | None, name_column: int) -> Expected | None:
    if name_column >= len(cells) or not cells[name_column]:
        return None
    found: dict[str, list[str]] = {"aliases": [], "email": [], "contact": [], "phone": []}
    for column, cell in enumerate(cells):
        if column == name_column or not cell:
            continue
        kind = kinds[column] if kinds and column < len(kinds) else None
        if kind in ("other", "name"):
            continue  # a column the header names as something else ("Kommentar")
        if kind == "aliases":
            found["aliases"] += [a.strip() for a in _ALIAS_SEPARATORS.split(cell) if a.strip()]
        elif kind in found:
            found[str(kind)].append(cell)
        elif looks_like_email(cell):
            found["email"].append(cell)
        else:
            found["aliases"].append(cell)
    return Expected(
        cells[name_column],
        tuple(dict.fromkeys(found["aliases"])),
        email=", ".join(found["email"]),
        contact=", ".join(found["contact"]),
        phone=", ".join(found["phone"]),
    )
