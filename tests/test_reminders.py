"""reminders/: the e-mail drafts, read back with the standard library's email parser."""

from __future__ import annotations

import dataclasses
import email
from email import policy
from email.message import EmailMessage
from pathlib import Path

from test_answers_json import Q12, Q21, info, sample_result

from docxmerge.answers.chase import chase_list
from docxmerge.model import Expected, Response, RunResult
from docxmerge.writers.reminders import draft_names, safe_stem, write_reminders


def drafts(tmp_path: Path, result: RunResult) -> dict[str, EmailMessage]:
    folder = tmp_path / "reminders"
    tmp_path.mkdir(exist_ok=True)
    write_reminders(result, folder)
    return {
        path.name: email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for path in sorted(folder.iterdir())
    }


def test_one_draft_per_respondent_on_the_chase_list(tmp_path: Path) -> None:
    found = drafts(tmp_path, sample_result("sv"))
    assert list(found) == [
        "Bromma stadsdelsnämnd.eml",
        "Farsta stadsdelsnämnd.eml",
        "Skarpnäcks stadsdelsnämnd.eml",
    ]
    bromma = found["Bromma stadsdelsnämnd.eml"]
    assert bromma["To"] == "Kersti Tagesson <kersti@example.se>"
    assert bromma["Subject"] == "Påminnelse: Tertialrapport 2 2026 – Bromma stadsdelsnämnd"
    assert bromma["X-Unsent"] == "1"
    assert bromma["From"] is None  # the mail program fills in the clerk's own
    assert bromma.get_content().splitlines() == [
        "Hej Kersti Tagesson!",
        "",
        "Tack för ert svar på Tertialrapport 2 2026. Vi saknar fortfarande svar på den här frågan:",
        "",
        f"1.2 {Q12}",
        "",
        "Vi är tacksamma om ni fyller i svaret i ert formulär och skickar det till oss igen.",
        "",
        "Med vänliga hälsningar",
        "",
    ]


def test_the_closing_request_agrees_with_the_number_of_questions_owed(tmp_path: Path) -> None:
    # Bromma owes one question (1.2), Farsta two (1.2, 2.1): "svaret" / "it", "svaren" / "them"
    sv = drafts(tmp_path / "sv", sample_result("sv"))
    en = drafts(tmp_path / "en", sample_result("en"))
    one, many = "Bromma stadsdelsnämnd.eml", "Farsta stadsdelsnämnd.eml"
    assert sv[many].get_content().splitlines()[2:] == [
        "Tack för ert svar på Tertialrapport 2 2026. Vi saknar fortfarande svar på de här "
        "frågorna:",
        "",
        f"1.2 {Q12}",
        f"2.1 {Q21}",
        "",
        "Vi är tacksamma om ni fyller i svaren i ert formulär och skickar det till oss igen.",
        "",
        "Med vänliga hälsningar",
        "",
    ]
    assert en[one].get_content().splitlines() == [
        "Dear Kersti Tagesson,",
        "",
        "Thank you for your answers to Tertialrapport 2 2026. We are still missing an answer to "
        "this question:",
        "",
        f"1.2 {Q12}",
        "",
        "We would be grateful if you could fill it in on your form and send it to us again.",
        "",
        "Kind regards",
        "",
    ]
    assert en[many].get_content().splitlines()[2:] == [
        "Thank you for your answers to Tertialrapport 2 2026. We are still missing answers to "
        "these questions:",
        "",
        f"1.2 {Q12}",
        f"2.1 {Q21}",
        "",
        "We would be grateful if you could fill them in on your form and send it to us again.",
        "",
        "Kind regards",
        "",
    ]


def test_a_draft_without_an_address_is_still_written_and_said_so(tmp_path: Path) -> None:
    result = sample_result("en")
    notes = write_reminders(result, tmp_path / "reminders")
    assert [(n.file, n.code, n.text) for n in notes] == [
        (
            "Farsta v2.docx",
            "reminder_no_address",
            "No usable e-mail address for Farsta stadsdelsnämnd: the reminder has no recipient",
        ),
        (
            "",
            "reminder_no_address",
            "No usable e-mail address for Skarpnäcks stadsdelsnämnd: the reminder has no recipient",
        ),
    ]
    farsta = drafts(tmp_path / "again", result)["Farsta stadsdelsnämnd.eml"]
    assert farsta["To"] is None
    body = farsta.get_content().replace("\r\n", "\n")  # the file has CRLF line ends (RFC 5322)
    assert body.startswith("Dear +46 Anna,\n\nThank you for your answers to Tertialrapport 2 2026.")
    assert f"1.2 {Q12}\n2.1 {Q21}\n" in body


def test_the_expected_list_gives_the_address_a_form_lacks(tmp_path: Path) -> None:
    listed = (
        Expected("Farsta stadsdelsnämnd", email="registrator.farsta@stockholm.se"),
        Expected("Skarpnäcks stadsdelsnämnd", email="a@x.se; b@x.se", contact="Karin Öberg"),
    )
    found = drafts(tmp_path, dataclasses.replace(sample_result("sv"), expected=listed))
    assert found["Farsta stadsdelsnämnd.eml"]["To"] == "+46 Anna <registrator.farsta@stockholm.se>"
    skarpnäck = found["Skarpnäcks stadsdelsnämnd.eml"]
    assert skarpnäck["To"] == "a@x.se, b@x.se"
    assert skarpnäck.get_content().splitlines()[:3] == [
        "Hej Karin Öberg!",
        "",
        "Vi har ännu inte fått ert svar på Tertialrapport 2 2026. Vi är tacksamma om ni fyller i "
        "formuläret och skickar det till oss.",
    ]


def test_an_unreadable_file_and_a_blank_form_are_explained(tmp_path: Path) -> None:
    base = sample_result("sv")
    broken = Response(
        info("Östermalm.doc"), "unreadable", error_code="legacy_doc", respondent="Östermalm"
    )
    blank = Response(info("Kista.docx"), "skipped", error_code="blank_form", respondent="Kista")
    result = dataclasses.replace(base, responses=(*base.responses, broken, blank), title=None)
    found = drafts(tmp_path, result)
    assert found["Östermalm.eml"]["Subject"] == (
        "Påminnelse: Uppföljningsrapport näringsliv – Östermalm"
    )
    assert found["Östermalm.eml"].get_content().splitlines()[2:4] == [
        'Vi har fått filen "Östermalm.doc" med ert svar på Uppföljningsrapport näringsliv, men '
        "vi kan inte läsa den.",
        "Den är sparad i det gamla Word 97-2003-formatet (.doc). Öppna den i Word, välj Spara "
        "som och formatet Word-dokument (.docx), och skicka den till oss igen.",
    ]
    assert "--convert" not in found["Östermalm.eml"].get_content()  # that is for the clerk
    assert found["Kista.eml"].get_content().splitlines()[2] == (
        'Vi har fått filen "Kista.docx" från er, men formuläret för Uppföljningsrapport '
        "näringsliv är inte ifyllt. Vi är tacksamma om ni fyller i det och skickar det till "
        "oss igen."
    )


def test_hostile_names_and_addresses_make_safe_headers_and_file_names(tmp_path: Path) -> None:
    base = sample_result("en")
    fields = {"Kontaktperson": 'Eve "x"\r\nBcc: all@x.se', "E-post": "eve@x.se"}
    odd = [
        Response(info(f"{i}.docx"), "read", respondent=name, fields=fields)
        for i, name in enumerate(["CON", "a/b:c?*", "Name\nBcc: x@y.se", "x" * 300, "con"])
    ]
    result = RunResult(template=base.template, responses=tuple(odd), title="Round")
    found = drafts(tmp_path, result)
    assert list(found) == sorted(
        ["_CON.eml", "a_b_c__.eml", "Name Bcc_ x@y.se.eml", "x" * 150 + ".eml", "_con (2).eml"]
    )
    for message in found.values():
        assert message["Bcc"] is None
        assert message["To"] == '"Eve \\"x\\" Bcc: all@x.se" <eve@x.se>'
    assert found["Name Bcc_ x@y.se.eml"]["Subject"] == "Reminder: Round – Name Bcc: x@y.se"


def test_a_name_from_undecodable_file_name_bytes_does_not_stop_the_drafts(tmp_path: Path) -> None:
    base = sample_result("sv")
    # os.listdir gives undecodable bytes of a file name as lone surrogates
    odd = "Kista\udcc3\x01 SDN"
    blank = Response(info(f"{odd}.docx"), "skipped", error_code="blank_form", respondent=odd)
    found = drafts(tmp_path, dataclasses.replace(base, responses=(*base.responses, blank)))
    draft = found["Kista__ SDN.eml"]
    assert draft["Subject"] == "Påminnelse: Tertialrapport 2 2026 – Kista\ufffd\ufffd SDN"
    assert 'filen "Kista\ufffd\ufffd SDN.docx"' in draft.get_content()


def test_safe_stems() -> None:
    assert safe_stem("Farsta stadsdelsnämnd") == "Farsta stadsdelsnämnd"
    assert safe_stem(" .. ") == "_"
    assert safe_stem("LPT1.txt") == "_LPT1.txt"
    assert safe_stem("a\x00b\ud800c. ") == "a_b_c"
    assert len(safe_stem("å" * 200).encode("utf-8")) == 150
    chase = chase_list(sample_result("sv"))
    assert draft_names(chase) == [
        "Bromma stadsdelsnämnd.eml",
        "Farsta stadsdelsnämnd.eml",
        "Skarpnäcks stadsdelsnämnd.eml",
    ]


def test_an_address_the_headers_cannot_carry_leaves_a_draft_without_to(tmp_path: Path) -> None:
    base = sample_result("sv")
    fields = {"Kontaktperson": "Karin Öberg", "E-post": "karin.öberg@stockholm.se"}
    response = Response(info("Öberg.docx"), "read", respondent="Skarpnäck", fields=fields)
    result = RunResult(template=base.template, responses=(response,), language="sv")
    notes = write_reminders(result, tmp_path / "reminders")
    message = drafts(tmp_path / "again", result)["Skarpnäck.eml"]
    assert message["To"] is None  # RFC 5322 headers hold no "ö" in the local part
    assert message.get_content().startswith("Hej Karin Öberg!")
    assert [n.code for n in notes] == ["reminder_no_address"]
