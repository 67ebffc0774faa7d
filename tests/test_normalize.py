"""Heading normalisation, prompt recognition and declined answers."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from docxmerge.answers.normalize import (
    KNOWN_PROMPTS,
    clean_spaces,
    heading_edited,
    is_declined,
    is_known_prompt,
    normalize_heading,
    numbering_depth,
    prompt_spans,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1. Stimulera tillväxt och företagsamhet", "stimulera tillväxt och företagsamhet"),
        ("1) Stimulera tillväxt", "stimulera tillväxt"),
        ("1.2 Beskriv arbetet?", "beskriv arbetet"),
        ("1.2. Beskriv arbetet", "beskriv arbetet"),
        ("(3) Tre", "tre"),
        ("a) Första", "första"),
        ("iv. Fjärde", "fjärde"),
        ("Fråga 3: Hur sker samverkan?", "hur sker samverkan"),
        ("Fråga 3 – 1. Hur?", "hur"),
        ("1.Stimulera", "stimulera"),
        ("  Övriga\u00a0\u00a0upplysningar :", "övriga upplysningar"),
        (
            "Beskriv arbetet med \u201dVäxla upp Stockholm\u201d",
            "beskriv arbetet med växla upp stockholm",
        ),
        ("Beskriv arbetet med 'Växla upp Stockholm'.", "beskriv arbetet med växla upp stockholm"),
        ("Enskede\u2013Årsta\u2011Vantör", "enskede-årsta-vantör"),
        ("Miljö\u00adarbete", "miljöarbete"),
        ("2022 års budget", "2022 års budget"),  # a year is not a number prefix
        ("", ""),
    ],
)
def test_normalize_heading(raw: str, expected: str) -> None:
    assert normalize_heading(raw) == expected


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_clean_spaces_collapses_what_a_regex_would(text: str) -> None:
    """clean_spaces uses str.split(): it must split on exactly what re's \\s matches."""
    normalized = re.sub(
        "[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", unicodedata.normalize("NFKC", text)
    )
    assert clean_spaces(text) == re.sub(r"\s+", " ", normalized).strip()


def reference_heading(text: str) -> str:
    """normalize_heading as its docstring says it, step by step, with no shortcut."""
    text = clean_spaces(text).casefold()
    text = re.sub(
        "[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]", "-", re.sub("[\"'`´‘’‚‛“”„‟«»‹›]", "", text)
    )
    text = clean_spaces(text)
    prefixes = [
        (
            r"^(?:fråga|frågeställning|question|frage|spørsmål|spørgsmål|q)\s*\d+(?:\.\d+)*[a-z]?"
            r"\s*[:.)\-\u2013\u2014]?\s*",
            re.IGNORECASE,
        ),
        (r"^\(?\d{1,2}(?:\.\d{1,2})*[.):]?\s+", 0),
        (r"^\(?\d{1,2}(?:\.\d{1,2})*[.)](?=[^\W\d])", 0),
        (r"^\(?(?:[a-z]|[ivx]{1,4})[.)]\s+", re.IGNORECASE),
    ]
    for _ in range(2):  # "Fråga 3: 1. ..." carries two prefixes
        for pattern, flags in prefixes:
            text = re.sub(pattern, "", text, count=1, flags=flags)
    text = re.sub(r"^[\s:;,.*•·▪■►\-]+", "", re.sub(r"[\s:;,.!?…*]+$", "", text.strip()))
    return re.sub(r"\s+", " ", text).strip()


@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list(" 1234.):ivxqIVXaå-–—\"'«»\u00a0\u200b\u00ad\t\n•*?")),
            st.characters(codec="utf-8"),
        ),
        max_size=30,
    )
    | st.sampled_from(["Fråga 3: 1. Hur?", "“2.1 Citat”", "iv) ﬁnal", "Q12b - Ärende :"])
)
def test_normalize_heading_is_its_definition(text: str) -> None:
    assert normalize_heading(text) == reference_heading(text)


def test_clean_spaces_on_every_space_character() -> None:
    spaces = "".join(chr(c) for c in range(0x3001) if re.fullmatch(r"\s", chr(c)))
    assert clean_spaces(f"{spaces}a{spaces}b\u200b{spaces}") == "a b"


def test_numbering_depth() -> None:
    assert numbering_depth("1. Stimulera") == 1
    assert numbering_depth("2.3 Beskriv") == 2
    assert numbering_depth("Beskriv") is None
    assert numbering_depth("2022 års budget") is None


@pytest.mark.parametrize(
    "text",
    [
        "Klicka här för att ange text.",
        "klicka här för att ange text",
        "Klicka\u00a0här  för att ange text.",
        "Klicka eller tryck här för att ange text.",
        "Click or tap here to enter text.",
        "Click here to enter a date.",
        "Choose an item.",
        "Klicken oder tippen Sie hier, um Text einzugeben.",
        "Klikk eller trykk her for å skrive inn tekst.",
        "Klik her for at angive tekst.",
    ],
)
def test_known_prompts(text: str) -> None:
    assert is_known_prompt(text)


def test_not_prompts_and_template_prompts() -> None:
    assert not is_known_prompt("")
    assert not is_known_prompt("Klicka här för att ange text. Vi har gjort mycket.")
    assert not is_known_prompt("[Ditt namn]")
    assert is_known_prompt("[Ditt namn]", extra=["[Ditt namn]"])
    assert len(KNOWN_PROMPTS) == len(set(KNOWN_PROMPTS))


@pytest.mark.parametrize(
    "text",
    [
        "-",
        "–",
        "—",
        " - ",
        "Ej aktuellt",
        "Ej aktuellt.",
        "Inte aktuellt",
        "N/A",
        "n/a",
        "Ej relevant",
        "Inget att rapportera.",
        "Ej aktuellt för nämnden",
    ],
)
def test_declined(text: str) -> None:
    assert is_declined(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nej",  # a real answer to a yes/no question
        "Inga.",  # "Övriga upplysningar: Inga." is a complete answer
        "Ingen",
        "Ja",
        "Ej aktuellt eftersom vi under året har genomfört ett omfattande arbete som beskrivs nedan",
        "Ingen samverkan har skett, men vi planerar en dialog med företagarna i höst.",
        "Ej aktuelltx",
    ],
)
def test_not_declined(text: str) -> None:
    assert not is_declined(text)


def _cut(text: str, extra: tuple[str, ...] = ()) -> str:
    spans = prompt_spans(text, extra)
    return "".join(ch for i, ch in enumerate(text) if not any(a <= i < b for a, b in spans))


def test_prompt_spans() -> None:
    text = "Vi har. Klicka här för att ange text. Mer"
    assert prompt_spans(text) == [(8, 38)]  # the space after it goes too
    assert prompt_spans("Klicka här för att ange text.") == [(0, 29)]
    assert prompt_spans("Svar. Klicka här för att ange text.") == [(5, 35)]  # space before
    assert prompt_spans("Vi har gjort X") == []
    assert _cut("A Klicka här för att ange text.Click here to enter text. B") == "A B"
    assert prompt_spans("A Klicka här för att ange text.Click here to enter text. B") == [(2, 57)]
    assert _cut("Rad ett\nSkriv   här. Rad två", ("Skriv här.",)) == "Rad ett\nRad två"


_MARKS = [chr(c) for c in range(0x300, 0x370)] + ["\u0316", "\u0345", "\u05b0", "\u1dc0"]
_AWKWARD = list("aeåäöéßẞſİıǰΐﬁ１Ａ＂„“«—–-:; .12()\t\u00a0\u200b\u00adkKΣς")


@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(_MARKS), st.sampled_from(_AWKWARD), st.characters(codec="utf-8")
        ),
        min_size=1,
        max_size=80,
    )
)
def test_the_key_length_bounds_of_match_hold(text: str) -> None:
    """match skips normalize_heading for a paragraph whose key surely has none of the template
    keys' lengths: the bounds must hold for every text, awkward Unicode included."""
    from docxmerge.answers.shortcuts import may_be_key as _may_be_key
    from docxmerge.answers.shortcuts import may_be_one_of as _may_be_one_of

    key = normalize_heading(text)
    if key:
        assert _may_be_one_of(text, [len(key)])
        assert _may_be_key(text, len(key))


Q = "Hur samverkar nämnden för att underlätta för kultur i det offentliga rummet?"


@pytest.mark.parametrize(
    ("written", "edited"),
    [
        (Q, False),
        ("3.3 " + Q, False),  # typed numbering
        (Q.lower(), False),  # case
        (Q.upper(), False),
        (Q[:-1] + ":", False),  # punctuation, a trailing colon
        (Q.replace(" ", "\u00a0  "), False),  # spacing
        (Q.replace("nämnden", "„nämnden“"), False),  # quotes
        (Q.replace("rummet", "rumet"), False),  # one letter dropped
        (Q.replace("kultur", "kulutr"), False),  # two letters swapped
        (Q.replace("nämnden", "nämdnen").replace("rummet", "rumet"), True),  # two typos
        (Q.replace("för kultur", "för konst"), True),  # a word changed
        (Q.replace(" i det offentliga rummet", ""), True),  # words dropped
        (Q + " Beskriv kort.", True),  # a sentence added
        ("Budget 2023", True),  # one character, but a digit (template: "Budget 2022")
        ("Mål", True),  # a short heading forgives no mistyped letter (template: "Mat?")
    ],
)
def test_heading_edited_only_where_a_reader_should_look(written: str, edited: bool) -> None:
    template = {"Budget 2023": "Budget 2022", "Mål": "Mat?"}.get(written, Q)
    assert heading_edited(written, template) is edited


@given(st.text(max_size=40))
@example("ı")  # Turkish dotless i: its upper case "I" casefolds to "i"
def test_a_heading_is_never_an_edit_of_itself(text: str) -> None:
    assert not heading_edited(text, text)
    assert not heading_edited(text.upper(), text)
