"""The review outputs of a run on the shipped fixtures (fixtures/inbox, fixtures/template.docx),
read back as a clerk's tools would: the workbook with openpyxl, the drafts with the standard
library's email parser, the report's contents page from its XML. Literal contents throughout:
fixtures/README.md says what every form holds."""

from __future__ import annotations

import datetime as dt
import email
import json
import math
import shutil
import zipfile
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, table_part
from lxml import etree

from docxmerge.cli import main

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COMMITTEES = [
    "Bromma stadsdelsnämnd",
    "Enskede-Årsta-Vantörs stadsdelsnämnd",
    "Exploateringsnämnden",
    "Farsta stadsdelsnämnd",
    "Hägersten-Älvsjö stadsdelsnämnd",
    "Hässelby-Vällingby stadsdelsnämnd",
    "Järva stadsdelsnämnd",
    "Kulturnämnden",
    "Kungsholmens stadsdelsnämnd",
    "Norra innerstadens stadsdelsnämnd",
    "Skarpnäcks stadsdelsnämnd",
    "Skärholmens stadsdelsnämnd",
    "Södermalms stadsdelsnämnd",
]
Q33 = "Hur samverkar nämnden för att underlätta för närvaron av kultur i det offentliga rummet?"
Q34 = (
    "Hur sker samarbetet med att bistå i Stockholm Business Region ABs och "
    "arbetsmarknadsnämndens arbete för ökad hållbar tillväxt och företagande inom stadsdelens "
    "geografiska område?"
)


def _run(tmp_path: Path, *extra: str) -> Path:
    shutil.copytree(FIXTURES / "inbox", tmp_path / "inbox")
    out = tmp_path / "out"
    args = ["run", str(tmp_path / "inbox"), "-t", str(FIXTURES / "template.docx")]
    result = CliRunner().invoke(main, [*args, "-o", str(out), "-j", "1", "-q", *extra])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run(tmp_path_factory.mktemp("plain"))


@pytest.fixture(scope="module")
def listed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run with an .xlsx list: every committee, Spånga-Tensta (whose only file is an old
    .doc) and Rinkeby-Kista (who sent nothing), some with e-mail addresses."""
    folder = tmp_path_factory.mktemp("listed")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nämnd", "Förkortning", "E-post", "Kontaktperson"])
    for name in COMMITTEES:
        email_address = "registrator.skarholmen@stockholm.se" if "Skärholm" in name else None
        sheet.append([name, None, email_address, None])
    sheet.append(["Spånga-Tensta stadsdelsnämnd", "Spånga-Tensta", "sts@stockholm.se", "Ali Nur"])
    sheet.append(["Rinkeby-Kista stadsdelsnämnd", "Rinkeby SDN", "rk@stockholm.se", None])
    book.save(folder / "nämnder.xlsx")
    return _run(folder, "--expected", str(folder / "nämnder.xlsx"))


def rows(out: Path, sheet: str) -> list[list[Any]]:
    book = openpyxl.load_workbook(out / "completeness.xlsx")
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


def drafts(out: Path) -> dict[str, EmailMessage]:
    return {
        path.name: email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
        for path in sorted((out / "reminders").iterdir())
    }


# ------------------------------------------------------------------------ Svar


def test_answers_sheet_cells(out: Path) -> None:
    table = rows(out, "Svar")
    assert table[0] == [
        "Svarande",
        "1.1 Beskriv samverkan med det lokala…",
        '1.2 Beskriv nämndens arbete med "Växla upp…',
        "2.1 Hur sker samverkan med socialnämnden…",
        "3.1 Beskriv nämndens arbete med att…",
        "3.2 Hur samverkar och utvecklar nämnden…",
        "3.3 Hur samverkar nämnden för att…",
        "3.4 Hur sker samarbetet med att bistå i…",
        "3.5 Hur sker samarbetet med Stockholm…",
        "4.1 Övriga upplysningar",
        "Nämnd",
        "Kontaktperson för eventuella frågor",
        "Telefon",
        "E-post",
        "Fil",
    ]
    assert [row[0] for row in table[1:]] == [
        *COMMITTEES[:10],
        "Stadsdelsnämnden i Skarpnäck",
        "Skärholmens stadsdelsnämnd",
        "Södermalms stadsdelsnämnd",
    ]
    skarpnäck = table[11]
    assert skarpnäck[4] == "Ej aktuellt"  # 3.1 declined: the words as written
    assert skarpnäck[8] == "-"  # 3.5
    assert skarpnäck[9] is None  # Övriga upplysningar left as placeholder
    assert skarpnäck[10:] == [
        "Stadsdelsnämnden i Skarpnäck",
        "Karin Öberg",
        "08-508 15 000",
        "karin.oberg@stockholm.se",
        "Skarpnäck_näringslivsrapport_T2.docx",
    ]
    assert table[1][3] == (
        "Samverkan sker i tre forum:\n"
        "Lokal samverkansgrupp med polisen\n"
        "Kontrollgrupp för serveringstillstånd med socialförvaltningen\n"
        "Kontakter med Skatteverket vid misstanke om oseriösa aktörer"
    )


def test_every_sheet_prints_on_a4_and_the_answers_at_a_readable_size(out: Path) -> None:
    book = openpyxl.load_workbook(out / "completeness.xlsx")
    for sheet in book.worksheets:
        assert (sheet.title, sheet.page_setup.paperSize) == (sheet.title, 9)  # 9: A4
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.print_title_rows == "$1:$1"
    answers = book["Svar"]  # 9 answer columns 45 wide: shrunk to one page they cannot be read
    widths = [answers.column_dimensions[c].width for c in "ABCDEFGHIJKLMNO"]
    assert answers.page_setup.fitToWidth == math.ceil(sum(widths) / 130) == 5
    assert answers.print_title_cols == "$A:$A"
    assert book["Fullständighet"].page_setup.fitToWidth == 1


def test_a_long_message_wraps_in_its_column(out: Path) -> None:
    sheet = openpyxl.load_workbook(out / "completeness.xlsx")["Meddelanden"]
    width = sheet.column_dimensions["D"].width
    long = [c for c in sheet["D"][1:] if isinstance(c.value, str) and len(c.value) > width]
    assert long  # the fixtures' "Spånga-Tensta.doc" explanation is one
    for cell in long:
        assert cell.alignment.wrap_text
        assert sheet.row_dimensions[cell.row].height > 15


def test_answers_sheet_agrees_with_answers_json(out: Path) -> None:
    data = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    by_file = {row[-1]: row for row in rows(out, "Svar")[1:]}
    current = [r for r in data["responses"] if r["status"] == "read"]
    assert sorted(by_file) == sorted(r["file"] for r in current)
    for response in current:
        row = by_file[response["file"]]
        for column, answer in enumerate(response["answers"], start=1):
            shown = answer["text"] if answer["status"] == "answered" else None
            assert row[column] == (shown or None), (response["file"], answer["question_id"])


# ------------------------------------------------------------------------ Kontakter


def test_chase_list_rows(out: Path) -> None:
    table = rows(out, "Kontakter")
    assert [row[:5] + row[6:] for row in table[1:]] == [
        [
            "Hägersten-Älvsjö stadsdelsnämnd",
            "obesvarade frågor",
            "Lena Sjöberg",
            "08-508 20 000",
            "lena.sjoberg@stockholm.se",
            "Hägersten-Älvsjö stadsdelsnämnd.eml",
        ],
        [
            "Hässelby-Vällingby stadsdelsnämnd",
            "obesvarade frågor",
            "Ahmed Karimi",
            "08-508 05 000",
            "ahmed.karimi@stockholm.se",
            "Hässelby-Vällingby stadsdelsnämnd.eml",
        ],
        [
            "Järva stadsdelsnämnd",
            "obesvarade frågor",
            "Amina Warsame",
            "08-508 01 000",
            "amina.warsame@stockholm.se",
            "Järva stadsdelsnämnd.eml",
        ],
        [
            "Norra innerstadens stadsdelsnämnd",
            "obesvarade frågor",
            "Peter Lund",
            "08-508 09 000",
            "peter.lund@stockholm.se",
            "Norra innerstadens stadsdelsnämnd.eml",
        ],
        [
            "Skärholmens stadsdelsnämnd",
            "obesvarade frågor",
            "Nils Strand",
            None,
            None,
            "Skärholmens stadsdelsnämnd.eml",
        ],
        ["Spånga-Tensta", "oläsbar", None, None, None, "Spånga-Tensta.eml"],
    ]
    owed = {row[0]: row[5] for row in table[1:]}
    assert owed["Järva stadsdelsnämnd"].splitlines() == [  # whole, to copy into a reminder
        "3.3 Hur samverkar nämnden för att underlätta för närvaron av kultur i det offentliga "
        "rummet?",
        "3.4 Hur sker samarbetet med att bistå i Stockholm Business Region ABs och "
        "arbetsmarknadsnämndens arbete för ökad hållbar tillväxt och företagande inom "
        "stadsdelens geografiska område?",
    ]
    assert owed["Norra innerstadens stadsdelsnämnd"] == (
        "3.5 Hur sker samarbetet med Stockholm Business Region AB att stärka dialogen med företag "
        "och branscher om deras behov och hinder för tillväxt?"
    )
    assert len(owed["Skärholmens stadsdelsnämnd"].splitlines()) == 7  # 1.2-3.5; 4.1 optional
    assert owed["Spånga-Tensta"].startswith("Spånga-Tensta.doc kan inte läsas: gammalt Word")


def test_chase_list_with_the_expected_list(listed: Path) -> None:
    table = rows(listed, "Kontakter")
    assert [(row[0], row[1], row[4]) for row in table[1:]] == [
        ("Hägersten-Älvsjö stadsdelsnämnd", "obesvarade frågor", "lena.sjoberg@stockholm.se"),
        ("Hässelby-Vällingby stadsdelsnämnd", "obesvarade frågor", "ahmed.karimi@stockholm.se"),
        ("Järva stadsdelsnämnd", "obesvarade frågor", "amina.warsame@stockholm.se"),
        ("Norra innerstadens stadsdelsnämnd", "obesvarade frågor", "peter.lund@stockholm.se"),
        # the form leaves E-post empty: the list's address
        ("Skärholmens stadsdelsnämnd", "obesvarade frågor", "registrator.skarholmen@stockholm.se"),
        ("Spånga-Tensta stadsdelsnämnd", "oläsbar", "sts@stockholm.se"),
        ("Rinkeby-Kista stadsdelsnämnd", "ej inkommen", "rk@stockholm.se"),
    ]
    found = drafts(listed)
    assert found["Spånga-Tensta stadsdelsnämnd.eml"]["To"] == "Ali Nur <sts@stockholm.se>"
    assert found["Rinkeby-Kista stadsdelsnämnd.eml"]["To"] == "rk@stockholm.se"


# ------------------------------------------------------------------------ reminders/


def test_one_reminder_per_row_of_the_chase_list(out: Path) -> None:
    names = [row[6] for row in rows(out, "Kontakter")[1:]]
    assert list(drafts(out)) == sorted(names)


def test_a_reminder_names_the_questions_owed(out: Path) -> None:
    järva = drafts(out)["Järva stadsdelsnämnd.eml"]
    assert järva["To"] == "Amina Warsame <amina.warsame@stockholm.se>"
    assert järva["Subject"] == "Påminnelse: Uppföljningsrapport näringsliv – Järva stadsdelsnämnd"
    assert järva["X-Unsent"] == "1"
    lines = järva.get_content().splitlines()
    assert lines[0] == "Hej Amina Warsame!"
    assert lines[4:6] == [f"3.3 {Q33}", f"3.4 {Q34}"]
    assert [line[:4] for line in lines if line[:1].isdigit()] == ["3.3 ", "3.4 "]


def test_a_reminder_without_an_address_and_one_for_an_unreadable_file(out: Path) -> None:
    found = drafts(out)
    skärholmen = found["Skärholmens stadsdelsnämnd.eml"]
    assert skärholmen["To"] is None
    owed = [line.split(" ")[0] for line in skärholmen.get_content().splitlines() if line[:2] in
            ("1.", "2.", "3.", "4.")]  # fmt: skip
    assert owed == ["1.2", "2.1", "3.1", "3.2", "3.3", "3.4", "3.5"]
    spånga = found["Spånga-Tensta.eml"].get_content()
    assert 'Vi har fått filen "Spånga-Tensta.doc"' in spånga
    assert "Word 97-2003" in spånga
    messages = [row for row in rows(out, "Meddelanden") if row[2] == "påminnelse utan mottagare"]
    assert [row[3] for row in messages] == [
        "Ingen användbar e-postadress för Skärholmens stadsdelsnämnd: påminnelsen har ingen "
        "mottagare",
        "Ingen användbar e-postadress för Spånga-Tensta: påminnelsen har ingen mottagare",
    ]


# ------------------------------------------------------------------------ Frågor, Fullständighet


def test_questions_sheet_order(out: Path) -> None:
    table = rows(out, "Frågor")
    assert [(row[0], row[4], row[5], row[6]) for row in table[1:]] == [
        ("3.4", 9, 1, 4),  # Hägersten deleted it, Järva emptied it, two left it
        ("3.3", 11, 0, 2),
        ("3.5", 11, 1, 2),
        ("1.2", 12, 0, 1),
        ("2.1", 12, 2, 1),
        ("3.1", 12, 2, 1),
        ("3.2", 12, 0, 1),
        ("1.1", 13, 2, 0),
        ("4.1", 2, 0, 11),  # optional: last
    ]
    assert table[-1][3] == "ja"


def test_every_respondent_has_a_row_in_completeness(out: Path) -> None:
    names = [row[0] for row in table_part(rows(out, "Fullständighet"))[1:]]
    assert names[-2:] == ["Spånga-Tensta", "Andel besvarade"]  # only an unreadable .doc


# ------------------------------------------------------------------------ report.docx


def contents_entries(report: Path) -> list[tuple[str, str]]:
    """(style, text) of the entries the report's TOC field holds, as written in the file."""
    with zipfile.ZipFile(report) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    entries = []
    for paragraph in body.iterchildren(f"{W}p"):
        link = paragraph.find(f"{W}hyperlink")
        if link is None or link.get(f"{W}anchor") is None:
            continue
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        assert style is not None
        text = "".join(node.text or "" for node in link.iter(f"{W}t"))  # not the PAGEREF code
        entries.append((str(style.get(f"{W}val")), text))
    return entries


def test_report_contents_page_lists_every_section_and_question(out: Path) -> None:
    data = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    entries = contents_entries(out / "report.docx")
    assert entries[:4] == [
        ("TOC1", "Översikt"),
        ("TOC1", "1. Stimulera tillväxt och företagsamhet"),
        (
            "TOC2",
            "1.1 Beskriv samverkan med det lokala näringslivet inom stadsdelsnämndens "
            "geografiska område.",
        ),
        ("TOC2", '1.2 Beskriv nämndens arbete med "Växla upp Stockholm"'),
    ]
    assert entries[-2:] == [("TOC1", "4. Övriga upplysningar"), ("TOC2", "4.1 Övriga upplysningar")]
    questions = [text for style, text in entries if style == "TOC2"]
    assert questions == [f"{q['id']} {q['text']}" for q in data["questions"]]
    assert len(entries) == 1 + 4 + 9


def test_report_cover_says_how_many_of_the_list_responded(listed: Path) -> None:
    with zipfile.ZipFile(listed / "report.docx") as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    assert body is not None
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iterchildren(f"{W}p")]
    assert texts[0] == "UPPFÖLJNINGSRAPPORT NÄRINGSLIV"
    assert texts[2] == "13 av 15 svarande"


# ------------------------------------------------------------------------ choice and date questions


@pytest.fixture(scope="module")
def precourse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fixtures/realforms/university-precourse: a date of birth, choices, a follow-up."""
    source = FIXTURES / "realforms" / "university-precourse"
    out = tmp_path_factory.mktemp("precourse") / "out"
    args = ["run", str(source / "inbox"), "-t", str(source / "template.docx"), "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_a_date_is_a_date_cell_and_a_choice_its_chosen_labels(precourse: Path) -> None:
    book = openpyxl.load_workbook(precourse / "completeness.xlsx")
    sheet = book["Answers"]
    header = [cell.value for cell in sheet[1]]
    assert header[2:5] == ["2.1 Date of birth", "2.2 Programme", "2.3 Mode of study"]
    first = [cell.value for cell in sheet[2]]
    assert first[2] == dt.datetime(2000, 4, 17)
    assert sheet["C2"].is_date and sheet["C2"].number_format == "YYYY-MM-DD"
    assert first[3:6] == ["MSc Applied Data Science", "Full-time", "Bachelor's degree"]


def test_answers_sheet_agrees_with_answers_json_for_every_kind(precourse: Path) -> None:
    data = json.loads((precourse / "answers.json").read_text(encoding="utf-8"))
    kinds = {q["id"]: q["kind"] for q in data["questions"]}
    by_file = {row[-1]: row for row in rows(precourse, "Answers")[1:]}
    seen = set()
    for response in (r for r in data["responses"] if r["status"] == "read"):
        for column, answer in enumerate(response["answers"], start=1):
            kind, value = kinds[answer["question_id"]], answer["value"]
            if answer["status"] != "answered":
                expected: object = None
            elif kind == "choice" and value:
                expected = ", ".join(value)
            elif kind == "date" and value:
                expected = dt.datetime.fromisoformat(value)
            else:
                expected = answer["text"] or None
            assert by_file[response["file"]][column] == expected, answer
            seen.add(kind)
    assert seen == {"text", "choice", "date"}


def test_questions_sheet_counts_each_option_of_a_choice(precourse: Path) -> None:
    table = rows(precourse, "Questions")
    assert table[0][-1] == "Options (count)"
    options = {row[0]: row[-1] for row in table[1:]}
    assert options["2.3"] == "Full-time: 2\nPart-time: 1"
    assert options["3.1"] == "Bachelor's degree: 3\nMaster's degree: 1\nDoctorate: 0\nOther: 0"
    assert options["1.1"] is None  # a text question


def test_a_follow_up_is_never_owed_and_the_email_field_addresses_the_draft(
    precourse: Path,
) -> None:
    # 5.2 "If yes, please give details" is owed by nobody: Aisha and Tomás answered all else
    table = rows(precourse, "Contacts")
    assert [(row[0], row[4]) for row in table[1:]] == [
        ("Li Wei", "l.wei@northbridge.example.ac.uk"),
        ("Emma Schulz", "e.schulz@northbridge.example.ac.uk"),
    ]
    assert table[2][5].splitlines() == [
        "4.2 Is there a topic you would particularly like us to cover?",
        "5.1 Do you have a disability or long-term condition for which you would like adjustments?",
    ]
    schulz = drafts(precourse)["Emma Schulz.eml"]
    assert schulz["To"] == "e.schulz@northbridge.example.ac.uk"
    assert schulz["Subject"] == "Reminder: Pre-course Questionnaire – Emma Schulz"
