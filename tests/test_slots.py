"""Answer slots by kind, on forms built as Word writes them (fixtures/wordxml.py): checkboxes
(content controls and legacy fields, ticked in every way Word records it), dropdowns, typed
labels and marks, legacy text fields, dates picked and typed. Plus the date reader's rules and
invariants (hypothesis).
"""

from __future__ import annotations

import datetime as dt

import pytest
import wordxml as wx
from conftest import read_body
from hypothesis import given
from hypothesis import strategies as st

from docxmerge.answers.form import match_form
from docxmerge.answers.slots.dates import iso_date, parse_date
from docxmerge.answers.template import derive_template
from docxmerge.model import Answer, Template

QUESTION = "Har nämnden en plan för näringslivsarbetet?"


def heading(text: str) -> str:
    return wx.para(wx.styled_run(text), style="Rubrik2")


def boxes_line(*ticks: bool, labels: tuple[str, ...] = ("Ja", "Nej"), tail: str = "") -> str:
    """ "☐ Ja    ☒ Nej": a w14:checkbox control before each label, as Word writes it."""
    runs = ""
    for n, (ticked, label) in enumerate(zip(ticks, labels, strict=True)):
        gap = "    " if n else ""
        runs += wx.styled_run(gap) if gap else ""
        runs += wx.checkbox_sdt(ticked, id=100 + n) + wx.styled_run(f" {label}")
    return wx.para(runs + (wx.styled_run(tail) if tail else ""))


def template_of(slot: str) -> Template:
    body = wx.para(wx.styled_run("Enkät"), style="Rubrik") + heading(QUESTION) + slot
    return derive_template(read_body(body))


def answer_of(template: Template, slot: str) -> Answer:
    body = wx.para(wx.styled_run("Enkät"), style="Rubrik") + heading(QUESTION) + slot
    return match_form(read_body(body), template).answers[0]


BOXES = template_of(boxes_line(False, False))


def test_checkbox_pair_is_one_choice_question_with_its_labels() -> None:
    question = BOXES.questions[0]
    assert (question.kind, question.options, question.multiple, question.slot) == (
        "choice",
        ("Ja", "Nej"),
        False,
        "control",
    )


@given(st.booleans(), st.booleans())
def test_ticked_boxes_are_the_value_whatever_the_glyph(yes: bool, no: bool) -> None:
    answer = answer_of(BOXES, boxes_line(yes, no))
    chosen = tuple(label for label, ticked in (("Ja", yes), ("Nej", no)) if ticked)
    assert answer.value == chosen
    assert answer.text == ", ".join(chosen)
    assert answer.status == ("answered" if chosen else "empty")
    assert ("several_chosen" in answer.flags) == (yes and no)


def test_a_comment_beside_the_boxes_keeps_its_own_words() -> None:
    answer = answer_of(BOXES, boxes_line(False, True, tail="   Nej, men vi planerar en 2023."))
    assert (answer.status, answer.value, answer.flags) == ("answered", ("Nej",), ())
    assert answer.text == "Nej\nNej, men vi planerar en 2023."


@pytest.mark.parametrize(
    ("typed", "value"),
    [("Ja", ("Ja",)), ("nej", ("Nej",)), ("X Ja    Nej", ("Ja",)), ("Ja X", ("Ja",))],
)
def test_boxes_deleted_and_a_label_typed(typed: str, value: tuple[str, ...]) -> None:
    answer = answer_of(BOXES, wx.para(wx.styled_run(typed)))
    assert (answer.status, answer.value, answer.flags) == ("answered", value, ("outside_control",))


@pytest.mark.parametrize(
    ("checked", "default", "ticked"),
    [
        ("", False, True),
        ("1", False, True),
        ("true", False, True),
        ("0", True, False),
        ("false", True, False),
        (None, True, True),
        (None, False, False),
    ],
)
def test_legacy_checkbox_state_as_word_records_it(
    checked: str | None, default: bool, ticked: bool
) -> None:
    def line(state: str | None, is_default: bool) -> str:
        box = wx.form_checkbox("Fraga1Ja", state, bid=1, default=is_default)
        other = wx.form_checkbox("Fraga1Nej", None, bid=2)
        return wx.para(box + wx.styled_run(" Ja    ") + other + wx.styled_run(" Nej"))

    template = template_of(line(None, False))
    assert template.questions[0].slot == "legacy_field"
    answer = answer_of(template, line(checked, default))
    assert answer.value == (("Ja",) if ticked else ())


def test_legacy_dropdown_left_on_its_choose_entry_is_a_placeholder() -> None:
    entries = ["Välj...", "Möten", "E-post", "Telefon"]
    template = template_of(wx.para(wx.form_dropdown("Fraga4", entries, None, bid=1)))
    assert template.questions[0].options == ("Möten", "E-post", "Telefon")
    untouched = answer_of(template, wx.para(wx.form_dropdown("Fraga4", entries, None, bid=1)))
    chosen = answer_of(template, wx.para(wx.form_dropdown("Fraga4", entries, 2, bid=1)))
    assert (untouched.status, untouched.value) == ("placeholder", ())
    assert (chosen.status, chosen.text, chosen.value) == ("answered", "E-post", ("E-post",))


def test_untouched_legacy_text_field_is_a_placeholder_and_text_after_it_outside() -> None:
    template = template_of(wx.para(wx.form_text("Fraga3", None, bid=1)))
    untouched = answer_of(template, wx.para(wx.form_text("Fraga3", None, bid=1)))
    filled = answer_of(template, wx.para(wx.form_text("Fraga3", "Vi möts varje månad.", bid=1)))
    after = answer_of(
        template,
        wx.para(wx.form_text("Fraga3", None, bid=1) + wx.styled_run(" Vi möts varje månad.")),
    )
    assert (untouched.status, untouched.flags) == ("placeholder", ())
    assert (filled.status, filled.text, filled.flags) == ("answered", "Vi möts varje månad.", ())
    assert (after.status, after.text, after.flags) == (
        "answered",
        "Vi möts varje månad.",
        ("outside_control",),
    )


@pytest.mark.parametrize(
    ("typed", "value"),
    [("2022-03-15", "2022-03-15"), ("15 mars 2022", "2022-03-15"), ("hösten 2021", None)],
)
def test_date_typed_in_a_date_field(typed: str, value: str | None) -> None:
    template = template_of(wx.para(wx.form_text("Datum", None, bid=1, date_format="yyyy-MM-dd")))
    assert template.questions[0].kind == "date"
    answer = answer_of(template, wx.para(wx.form_text("Datum", typed, bid=1)))
    assert (answer.status, answer.text, answer.value) == ("answered", typed, value)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "month_first", "iso"),
    [
        ("15 mars 2022", False, "2022-03-15"),
        ("den 3 maj 2022", False, "2022-05-03"),
        ("15 March 2022", False, "2022-03-15"),
        ("March 15, 2022", False, "2022-03-15"),
        ("Tuesday, 15 March 2022", False, "2022-03-15"),
        ("2022-03-15", False, "2022-03-15"),
        ("2022/03/15", False, "2022-03-15"),
        ("15.3.2022", False, "2022-03-15"),
        ("03/15/2022", False, "2022-03-15"),  # the day decides the order by itself
        ("05/06/2022", False, "2022-06-05"),
        ("05/06/2022", True, "2022-05-06"),  # a US English template
        ("15-03-22", False, "2022-03-15"),
        ("2022-02-30", False, None),
        ("hösten 2021", False, None),
        ("2019", False, None),
        ("Q3 2022", False, None),
    ],
)
def test_parse_date(text: str, month_first: bool, iso: str | None) -> None:
    assert parse_date(text, month_first) == iso


def test_picker_value_is_its_date_part() -> None:
    assert iso_date("2022-03-15T00:00:00Z") == "2022-03-15"
    assert iso_date("2022-13-01T00:00:00Z") is None
    assert iso_date(None) is None


_MONTHS_SV = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_written_form_of_a_date_reads_back(day: dt.date) -> None:
    iso = day.isoformat()
    written = [
        iso,
        f"{day.day} {_MONTHS_SV[day.month - 1]} {day.year}",
        f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}",
        f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}",
        f"{day.day}.{day.month}.{day.year}",
    ]
    assert [parse_date(text) for text in written] == [iso] * len(written)
    assert parse_date(f"{day.month:02d}/{day.day:02d}/{day.year}", month_first=True) == iso


@given(st.text(max_size=40))
def test_parse_date_gives_a_real_date_or_none(text: str) -> None:
    found = parse_date(text)
    assert found is None or dt.date.fromisoformat(found).isoformat() == found
