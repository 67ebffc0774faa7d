"""Field instructions, legacy form field data and w:sym characters (ECMA-376 Part 1 §17.16)."""

from __future__ import annotations

import re

from lxml import etree

from docxmerge.docx.styles import W, on_off

_TOKENS = re.compile(r'"([^"]*)"|(\S+)')


def checkbox_state(ffdata: etree._Element | None) -> bool:
    """§17.16.7: w:checked (absent value = true) wins over w:default."""
    box = ffdata.find(f"{W}checkBox") if ffdata is not None else None
    if box is None:
        return False
    checked = box.find(f"{W}checked")
    if checked is not None:
        return on_off(checked)
    default = box.find(f"{W}default")
    return default is not None and on_off(default)


def dropdown_entries(ffdata: etree._Element | None) -> tuple[str, ...]:
    """§17.16.13: the entries of a FORMDROPDOWN (w:listEntry), in order."""
    ddlist = ffdata.find(f"{W}ddList") if ffdata is not None else None
    if ddlist is None:
        return ()
    return tuple(e.get(f"{W}val") or "" for e in ddlist.iterchildren(f"{W}listEntry"))


def text_input_type(ffdata: etree._Element | None) -> str:
    """§17.16.34: a FORMTEXT's w:textInput/w:type (regular, number, date, currentDate, ...)."""
    kind = ffdata.find(f"{W}textInput/{W}type") if ffdata is not None else None
    return (kind.get(f"{W}val") or "regular") if kind is not None else "regular"


def dropdown_value(ffdata: etree._Element | None) -> str:
    """§17.16.9: w:result is the index of the chosen w:listEntry (absent = the first)."""
    ddlist = ffdata.find(f"{W}ddList") if ffdata is not None else None
    if ddlist is None:
        return ""
    entries = dropdown_entries(ffdata)
    result = ddlist.find(f"{W}result")
    index = 0
    if result is not None:
        try:
            index = int(result.get(f"{W}val") or "0")
        except ValueError:
            index = 0
    return entries[index] if 0 <= index < len(entries) else ""


def hyperlink_target(instruction: str) -> str | None:
    """HYPERLINK "url" [\\l "anchor"] -> url, url#anchor or #anchor; other fields -> None."""
    tokens = [quoted if quoted else bare for quoted, bare in _TOKENS.findall(instruction)]
    if not tokens or tokens[0].upper() != "HYPERLINK":
        return None
    url: str | None = None
    anchor: str | None = None
    rest = iter(tokens[1:])
    for token in rest:
        if token.lower() == "\\l":
            anchor = next(rest, None)
        elif token.startswith("\\"):
            if token.lower() in ("\\o", "\\t"):
                next(rest, None)  # tooltip / target frame take an argument
        elif url is None:
            url = token
    if url and anchor:
        return f"{url}#{anchor}"
    return url or (f"#{anchor}" if anchor else None)


_SYMBOL_UPPER = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"
_SYMBOL_LOWER = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ"
_SYMBOL_OTHER = {
    0xB7: "•",
    0xD7: "×",
    0xB1: "±",
    0xB3: "≥",
    0xA3: "≤",
    0xB9: "≠",
    0xB0: "°",
    0xAE: "→",
    0xAC: "←",
    0xA5: "∞",
    0xF0: "",
}
_WINGDINGS = {
    0xFC: "✓",
    0xFB: "✗",
    0xFD: "☒",
    0xFE: "☑",
    0xA8: "☐",
    0x6F: "☐",
    0x78: "☒",
    0x6C: "●",
    0x9F: "•",
    0xA7: "▪",
    0xD8: "➢",
    0xE0: "→",
}


def symbol_char(font: str | None, code: str | None) -> str:
    """w:sym (§17.3.3.30): Symbol/Wingdings use the F0xx private-use range; map the common ones."""
    try:
        value = int(code or "", 16)
    except ValueError:
        return ""
    low = value - 0xF000 if 0xF000 <= value <= 0xF0FF else value
    family = (font or "").strip().lower()
    if family == "symbol" and low <= 0xFF:
        if 0x41 <= low <= 0x5A:
            return _SYMBOL_UPPER[low - 0x41]
        if 0x61 <= low <= 0x7A:
            return _SYMBOL_LOWER[low - 0x61]
        if low in _SYMBOL_OTHER:
            return _SYMBOL_OTHER[low]
    if family.startswith("wingdings") and low in _WINGDINGS:
        return _WINGDINGS[low]
    if (
        value != low
        and 0x20 <= low < 0x7F
        and family not in ("symbol",)
        and not family.startswith(("wingdings", "webdings"))
    ):
        return chr(low)
    try:
        return chr(value)
    except (ValueError, OverflowError):
        return ""
