"""Labels, status words, reasons and messages in Swedish and English."""

from __future__ import annotations

import pytest

from docxmerge.i18n import (
    location_text,
    make_message,
    message_text,
    pick_language,
    reason_text,
    reminder_reason,
    status_word,
    t,
)
from docxmerge.model import Message


@pytest.mark.parametrize(
    ("status", "sv", "en"),
    [
        ("answered", "besvarad", "answered"),
        ("placeholder", "platshållare", "placeholder"),
        ("empty", "tom", "empty"),
        ("missing", "saknas", "missing"),
        ("not_received", "ej inkommen", "not received"),
        ("unreadable", "oläsbar", "unreadable"),
        ("superseded", "ersatt", "superseded"),
        ("declined", "ej aktuellt", "not applicable"),
        ("blank_form", "oifylld blankett", "blank form returned"),
        ("unanswered", "obesvarade frågor", "unanswered questions"),
    ],
)
def test_status_words(status: str, sv: str, en: str) -> None:
    assert status_word(status, "sv") == sv
    assert status_word(status, "en") == en


def test_unknown_status_is_returned_as_is() -> None:
    assert status_word("weird", "sv") == "weird"


def test_reasons_a_clerk_understands() -> None:
    assert reason_text("encrypted", "en").startswith("password protected")
    assert reason_text("legacy_doc", "en") == (
        "old Word 97-2003 .doc format: save it as .docx (or run with --convert)"
    )
    assert reason_text("damaged", "en") == "damaged file: not a complete .docx"
    assert reason_text("damaged", "sv") == "skadad fil: inte en fullständig .docx"
    assert reason_text("internal_error", "sv") == (
        "internt fel i docxmerge när filen lästes (detaljer med --verbose)"
    )  # no English technical parenthesis: the detail travels apart (Response.error_detail)
    assert reason_text("brand_new_code", "en") == "brand new code"


def test_every_model_error_code_has_a_reason() -> None:
    codes = [
        *("empty_file", "legacy_doc", "encrypted", "rtf", "odt", "pdf", "not_word", "damaged"),
        *("missing_main_part", "too_large", "zip_bomb", "too_many_entries", "unsafe_xml"),
        *("xml_error", "unsupported_compression", "internal_error"),
        *("list_not_table", "list_xls"),  # the --expected list
    ]
    for code in codes:
        # a known code has a Swedish sentence of its own, not the English fallback
        assert reason_text(code, "sv") != reason_text(code, "en"), code
        assert reason_text(code, "sv") != code.replace("_", " "), code


def test_a_respondent_is_told_what_to_do_about_an_unreadable_file() -> None:
    assert reminder_reason("legacy_doc", "sv").startswith("Den är sparad i det gamla Word 97-2003")
    assert "--convert" not in reminder_reason("legacy_doc", "en")
    # any other code: a plain request to save the form again
    assert reminder_reason("zip_bomb", "en") == reminder_reason("", "en")
    assert reminder_reason("zip_bomb", "en").startswith("The file seems to be damaged.")


def test_labels_with_parameters() -> None:
    assert t("report.untouched", "sv", names="Bromma, Farsta") == (
        "Svarsrutan lämnades orörd av: Bromma, Farsta."
    )
    assert t("report.respondents_of", "en", count="13", of="19") == "13 of 19 respondents"
    assert t("sheet.completeness", "sv") == "Fullständighet"
    assert t("sheet.messages", "en") == "Messages"
    assert t("no.such.key", "sv") == "no.such.key"
    # a missing parameter leaves the template rather than raising
    assert t("report.respondents", "en") == "{count} respondents"


def test_message_text_translates_by_code_and_falls_back() -> None:
    msg = Message("a.docx", "1.2", "low_match", "low match", (("question", "1.2"), ("score", "64")))
    assert message_text(msg, "sv") == "Fråga 1.2: rubriken matchade bara till 64 %"
    assert message_text(msg, "en") == "low match"  # English: the message's own text
    untexted = Message("a.docx", "1.2", "low_match", "", (("question", "1.2"), ("score", "64")))
    assert message_text(untexted, "en") == "Question 1.2: the heading matched only 64%"
    no_params = Message("a.docx", "1.2", "low_match", "Question 1.2 matched poorly")
    assert message_text(no_params, "sv") == "Question 1.2 matched poorly"
    unknown = Message("a.docx", "", "something_new", "Something new happened")
    assert message_text(unknown, "sv") == "Something new happened"


@pytest.mark.parametrize(
    ("requested", "template", "expected"),
    [
        (None, "sv-SE", "sv"),
        (None, "sv_FI", "sv"),
        (None, "en-US", "en"),
        (None, "de-DE", "en"),
        (None, None, "en"),
        ("en", "sv-SE", "en"),
        ("sv", "en-GB", "sv"),
        ("SV", None, "sv"),
    ],
)
def test_pick_language(requested: str | None, template: str | None, expected: str) -> None:
    assert pick_language(requested, template) == expected


def test_summary_line_has_every_count() -> None:
    counts = {
        "read": "12",
        "skipped": "1",
        "unreadable": "2",
        "superseded": "3",
        "respondents": "11",
        "answered": "90",
        "unanswered": "9",
    }
    sv = t("summary", "sv", **counts)
    assert sv.startswith("Filer: 12 lästa, 1 överhoppade, 2 oläsbara, 3 ersatta.")
    assert "Svar: 90 besvarade, 9 obesvarade." in sv
    assert "{" not in t("summary", "en", **counts)


def test_messages_the_pipeline_emits_have_swedish_text() -> None:
    superseded = Message("a.docx", "file", "superseded", "Superseded by ...", (("by", "b.docx"),))
    assert message_text(superseded, "sv") == "Ersatt av en nyare version: b.docx"
    unknown = Message("a.docx", "respondent", "unknown_respondent", "x", (("name", "Solna"),))
    assert message_text(unknown, "sv") == "Svaranden Solna finns inte i listan över förväntade svar"
    image = Message("a.docx", "word/document.xml", "image_skipped", "Image media/x.emf ...")
    assert message_text(image, "sv") == "En bild kunde inte läsas och har utelämnats"
    assert reason_text("symlink", "sv") == "symbolisk länk: följs inte"


def test_make_message_takes_its_english_text_from_the_table() -> None:
    message = make_message("a.docx", "Files/C3", "replaced_characters")
    assert message == Message(
        "a.docx",
        "Files/C3",
        "replaced_characters",
        "Characters that cannot be stored were replaced by \ufffd",
    )
    assert message_text(message, "sv") == "Otillåtna tecken har ersatts med \ufffd"
    low = make_message("b.docx", "1.1", "low_match", question="1.1", score="70")
    assert low.text == "Question 1.1: the heading matched only 70%"
    assert low.params == (("question", "1.1"), ("score", "70"))


def test_locations_in_the_runs_language() -> None:
    assert location_text("question 1.2", "sv") == "fråga 1.2"
    assert location_text("file", "sv") == "fil"
    assert location_text("question 1.2", "en") == "question 1.2"
    assert location_text("Kontakter/C3", "sv") == "Kontakter/C3"  # a cell: left as it is


def test_every_message_has_a_kind_and_counts_in_both_languages() -> None:
    """The Messages sheet's Kind column and stderr's counts say every message in words."""
    from docxmerge.i18n import _MESSAGES, count_text, kind_text

    for code in _MESSAGES:
        assert kind_text(code, "sv") != code.replace("_", " "), code
        assert kind_text(code, "sv") != kind_text(code, "en"), code
        assert count_text(code, 2, "sv").startswith("2 "), code
    assert count_text("outside_control", 1, "sv") == "1 svar skrivet utanför textrutan"
    assert count_text("outside_control", 12, "sv") == "12 svar skrivna utanför textrutan"
    assert count_text("outside_control", 12, "en") == "12 answers typed outside the box"
    assert count_text("stale_lock", 1, "sv") == "1 × gammalt lås"  # a run note: said in full
    assert count_text("brand_new", 3, "en") == "3 × brand new"
