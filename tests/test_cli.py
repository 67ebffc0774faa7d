"""End-to-end tests through the command line, on the shipped fixtures (issue 4)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, table_part
from lxml import etree

from docxmerge import i18n
from docxmerge.cli import main

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

INBOX_STATUSES = {
    "Bromma stadsdelsnämnd T2.docx": "read",
    "Bromma trasig.docx": "unreadable",
    "Enskede-Årsta-Vantör T2 2022.docx": "read",
    "Exploateringsnämnden T2 2022.docx": "read",
    "Farsta v1.docx": "superseded",
    "Farsta v2 slutlig.docx": "read",
    "Hägersten-Älvsjö näringslivsrapport.docx": "read",
    "Hässelby-Vällingby SDN T2 2022.docx": "read",
    "Järva SDN näringslivsrapport.docx": "read",
    "Kulturnämnden_T2_2022.docx": "read",
    "Kungsholmen - uppföljning näringsliv.docx": "read",
    "Norra innerstaden T2.docx": "read",
    "Skarpnäck_näringslivsrapport_T2.docx": "read",
    "Skärholmen T2 2022.docx": "read",
    "Spånga-Tensta.doc": "unreadable",
    "Södermalm SDN - näringslivsrapport.docx": "read",
    "anteckningar.txt": "unreadable",
    "~$rsta SDN.docx": "skipped",
}
ERROR_CODES = {
    "Bromma trasig.docx": "damaged",
    "Spånga-Tensta.doc": "legacy_doc",
    "anteckningar.txt": "not_word",
    "~$rsta SDN.docx": "lock_file",
}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the shipped fixtures laid out as in the repository (fixtures/, output/)."""
    shutil.copytree(FIXTURES / "inbox", tmp_path / "fixtures" / "inbox")
    shutil.copy2(FIXTURES / "template.docx", tmp_path / "fixtures" / "template.docx")
    return tmp_path


def _run(args: list[str]) -> Any:
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture
def fixture_run(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`docxmerge run` with no arguments, from a folder holding the fixtures."""
    monkeypatch.chdir(workdir)
    result = _run(["run", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return workdir / "output"


# The lines the report writes under a question (and the overview) about who did not answer.
NOTES = (
    "Ej aktuellt enligt:",
    "Svarsrutan lämnades",
    "Frågan saknas",
    "Frivillig fråga:",
    "Filen gick inte",
    "Blanketten kom",
    "Inget svar har",
)
HEADING_1_2 = '1.2 Beskriv nämndens arbete med "Växla upp Stockholm"'
HEADING_2_1 = (
    "2.1 Hur sker samverkan med socialnämnden, rättsvårdande myndigheter och skatteverket i "
    "arbetet mot den svarta ekonomin och organiserad brottslighet i näringslivet?"
)
# The Completeness rows as fixtures/README.md's table gives them (questions 1.1 ... 4.1, answered).
SV_ROWS = {
    "Skärholmens stadsdelsnämnd": ["besvarad"] + ["platshållare"] * 8 + [1],
    "Hägersten-Älvsjö stadsdelsnämnd": ["besvarad"] * 6 + ["saknas", "besvarad", "platshållare", 7],
    "Järva stadsdelsnämnd": ["besvarad"] * 5 + ["tom", "tom", "besvarad", "platshållare", 6],
    "Exploateringsnämnden": ["ej aktuellt", "besvarad", "ej aktuellt"]
    + ["besvarad"] * 5
    + ["tom", 8],
    "Södermalms stadsdelsnämnd": ["besvarad"] * 9 + [9],
    "Norra innerstadens stadsdelsnämnd": ["besvarad"] * 7 + ["platshållare"] * 2 + [7],
}


def _answers(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    return data


def _current(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in data["responses"] if r["status"] == "read"]


# ------------------------------------------------------------------------ the run


def test_run_without_arguments_writes_three_outputs_and_keeps_stdout_clean(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(main, ["run", "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout == ""
    for name in ("report.docx", "completeness.xlsx", "answers.json"):
        assert (workdir / "output" / name).stat().st_size > 0
    assert "output/answers.json" in result.stderr
    assert "Spånga-Tensta.doc: gammalt Word 97-2003-format (.doc): spara den som .docx" in (
        result.stderr
    )


def test_every_inbox_file_is_accounted_for(fixture_run: Path) -> None:
    data = _answers(fixture_run)
    statuses = {r["file"]: r["status"] for r in data["responses"]}
    assert statuses == INBOX_STATUSES
    codes = {r["file"]: r["error_code"] for r in data["responses"] if r["error_code"]}
    assert codes == ERROR_CODES
    farsta = next(r for r in data["responses"] if r["file"] == "Farsta v1.docx")
    assert farsta["superseded_by"] == "Farsta v2 slutlig.docx"


def test_answers_json_has_the_documented_shape(fixture_run: Path) -> None:
    data = _answers(fixture_run)
    first = data["questions"][0]
    assert first["id"] == "1.1"
    assert first["section"] == "1. Stimulera tillväxt och företagsamhet"
    assert first["text"] == (
        "Beskriv samverkan med det lokala näringslivet inom stadsdelsnämndens geografiska område."
    )
    assert [q["id"] for q in data["questions"]] == [
        "1.1", "1.2", "2.1", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1",
    ]  # fmt: skip
    enskede = next(r for r in data["responses"] if r["file"].startswith("Enskede"))
    assert enskede["respondent"] == "Enskede-Årsta-Vantörs stadsdelsnämnd"
    assert enskede["fields"] == {
        "Nämnd": "Enskede-Årsta-Vantörs stadsdelsnämnd",
        "Kontaktperson för eventuella frågor": "Kersti Tagesson",
        "Telefon": "0850814317",
        "E-post": "kersti.tagesson@stockholm.se",
    }
    answer = next(a for a in enskede["answers"] if a["question_id"] == "1.2")
    assert answer == {
        **answer,
        "status": "answered",
        "flags": [],
        "text": "Förvaltningen har under året deltagit i en pilot som handlar om att ta fram ett "
        "lokalt kunskapsunderlag som ska vara till nytta för att utveckla näringslivsarbetet och "
        'för stadens arbete med att "Växla upp Stockholm".',
    }
    assert set(answer) >= {"question_id", "status", "text", "score", "flags"}


def test_a_second_run_gives_byte_identical_answers_json(
    fixture_run: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = (fixture_run / "answers.json").read_bytes()
    assert _run(["run", "--jobs", "2"]).exit_code == 0
    assert (fixture_run / "answers.json").read_bytes() == first


# ------------------------------------------------------------------------ report.docx


def _paragraphs(report: Path) -> Iterator[tuple[str, str]]:
    """(style id, text) of every paragraph of the report body, table cells included."""
    with zipfile.ZipFile(report) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        parts = []
        for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"):
            parts.append(
                node.text or "" if node.tag == f"{W}t" else "\t" if "tab" in node.tag else "\n"
            )
        yield (style.get(f"{W}val") if style is not None else "", "".join(parts))


def _report_answers(report: Path) -> dict[tuple[str, str], str]:
    """(question heading, respondent) -> the answer's text as the report shows it."""
    found: dict[tuple[str, str], list[str]] = {}
    question = respondent = None
    for style, text in _paragraphs(report):
        if style == "Rubrik2":
            question, respondent = text, None
        elif style == "Respondent" and question:
            respondent = text
            found[(question, respondent)] = []
        elif style in ("Rubrik1", "Rubrik"):
            question = respondent = None
        elif respondent is not None and question is not None:
            if text.startswith(NOTES):
                respondent = None
                continue
            found[(question, respondent)].append(text)
    return {key: _without_blank_lines("\n".join(lines)) for key, lines in found.items()}


def _without_blank_lines(text: str) -> str:
    # The report may space a table with an empty paragraph; blank lines carry no answer text.
    return "\n".join(line for line in text.split("\n") if line.strip())


def test_each_answer_appears_under_its_own_question_and_no_other(fixture_run: Path) -> None:
    data = _answers(fixture_run)
    headings = {q["id"]: f"{q['id']} {q['text']}" for q in data["questions"]}
    in_report = _report_answers(fixture_run / "report.docx")
    expected = {
        (headings[a["question_id"]], r["respondent"]): _without_blank_lines(a["text"])
        for r in _current(data)
        for a in r["answers"]
        if a["status"] == "answered" and "declined" not in a["flags"]  # one line, not answers
    }
    assert in_report == expected
    # Literal texts from fixtures/README.md and test_fixture_answers.EXPECTED (written by hand).
    assert in_report[(HEADING_1_2, "Enskede-Årsta-Vantörs stadsdelsnämnd")] == (
        "Förvaltningen har under året deltagit i en pilot som handlar om att ta fram ett lokalt "
        "kunskapsunderlag som ska vara till nytta för att utveckla näringslivsarbetet och för "
        'stadens arbete med att "Växla upp Stockholm".'
    )
    assert in_report[(HEADING_2_1, "Bromma stadsdelsnämnd")] == (
        "Samverkan sker i tre forum:\n"
        "Lokal samverkansgrupp med polisen\n"
        "Kontrollgrupp för serveringstillstånd med socialförvaltningen\n"
        "Kontakter med Skatteverket vid misstanke om oseriösa aktörer"
    )
    # Placeholders, missing and emptied answers are not shown as answers.
    assert (HEADING_2_1, "Skärholmens stadsdelsnämnd") not in in_report
    assert not any(r == "Hägersten-Älvsjö stadsdelsnämnd" for q, r in in_report if q[:4] == "3.4 ")
    assert not any(r == "Järva stadsdelsnämnd" for q, r in in_report if q[:4] in ("3.3 ", "3.4 "))
    # 13 current forms x 9 questions, less 23 unanswered and 8 declined ("Ej aktuellt", "-")
    assert len(in_report) == 86


def test_who_did_not_answer_is_said_in_plain_words(fixture_run: Path) -> None:
    notes: dict[str, list[str]] = {}
    question = ""
    for style, text in _paragraphs(fixture_run / "report.docx"):
        if style in ("Rubrik1", "Rubrik2"):  # the overview, a section, a question
            question = text.split(" ")[0]
        elif text.startswith(NOTES):
            notes.setdefault(question, []).append(text)
    assert notes["1.1"] == ["Ej aktuellt enligt: Exploateringsnämnden, Kulturnämnden."]
    assert notes["2.1"] == [
        "Ej aktuellt enligt: Exploateringsnämnden, Kulturnämnden.",
        "Svarsrutan lämnades orörd av: Skärholmens stadsdelsnämnd.",
    ]
    assert notes["3.4"] == [
        "Ej aktuellt enligt: Kulturnämnden.",
        "Svarsrutan lämnades orörd av: Hässelby-Vällingby stadsdelsnämnd, "
        "Skärholmens stadsdelsnämnd.",
        "Svarsrutan lämnades tom av: Järva stadsdelsnämnd.",
        "Frågan saknas i formuläret från: Hägersten-Älvsjö stadsdelsnämnd.",
    ]
    assert notes["4.1"] == ["Frivillig fråga: obesvarad av 11 av 13."]
    # Spånga-Tensta's only file is unreadable: said once, on the overview page
    assert notes["Översikt"] == ["Filen gick inte att läsa från: Spånga-Tensta."]


def test_list_numbering_restarts_for_each_answer(fixture_run: Path) -> None:
    with zipfile.ZipFile(fixture_run / "report.docx") as package:
        body = etree.fromstring(package.read("word/document.xml"))
        numbering = etree.fromstring(package.read("word/numbering.xml"))
    used = [n.get(f"{W}val") for n in body.iter(f"{W}numId")]
    runs: list[str] = []
    for num_id in used:
        if not runs or runs[-1] != num_id:
            runs.append(num_id)
    # fixtures/README.md: the only lists are Bromma's numbered 2.1 (3 items, reported first)
    # and Enskede-Årsta-Vantör's bulleted 3.2 (4 items).
    assert [used.count(num_id) for num_id in runs] == [3, 4]
    assert len(runs) == len(set(runs)), "a list number definition is reused across answers"
    formats = []
    for num_id in runs:
        num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id)
        assert num.find(f"{W}lvlOverride/{W}startOverride").get(f"{W}val") == "1"
        abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
        abstract = next(
            a
            for a in numbering.iter(f"{W}abstractNum")
            if a.get(f"{W}abstractNumId") == abstract_id
        )
        formats.append(abstract.find(f"{W}lvl/{W}numFmt").get(f"{W}val"))
    assert formats == ["decimal", "bullet"]


# ------------------------------------------------------------------------ completeness.xlsx


def _shown(answer: dict[str, Any]) -> str:
    """The status the sheets show: answered "Ej aktuellt" / "-" is declined."""
    return "declined" if "declined" in answer["flags"] else str(answer["status"])


def test_a_first_rounds_completeness_sheet_explains_its_words(fixture_run: Path) -> None:
    # One template, no previous round: the legend is there all the same, under the table.
    sheet = openpyxl.load_workbook(fixture_run / "completeness.xlsx")["Fullständighet"]
    rows = [list(row[:2]) for row in sheet.iter_rows(values_only=True)]
    at = rows.index(["Teckenförklaring", None])
    assert rows[at - 1] == [None, None] and rows[at - 2][0] == "Andel besvarade"
    assert rows[at + 1 :] == [
        ["besvarad", "svaranden har skrivit ett svar"],
        ["ej aktuellt", 'svaranden skriver att frågan inte är aktuell ("-", "Ej aktuellt"): '
                        "räknas som besvarad"],
        ["platshållare", "svarsrutan lämnades orörd (mallens platshållartext)"],
        ["tom", "svarsrutan lämnades tom"],
        ["saknas", "frågan hittades inte i formuläret (borttagen)"],
        ["oläsbar", "filen kunde inte läsas"],
        ["oifylld blankett", "blanketten kom tillbaka oifylld"],
        ["ej inkommen", "inget formulär har kommit in"],
    ]  # fmt: skip


def test_workbook_statuses_equal_answers_json(fixture_run: Path) -> None:
    data = _answers(fixture_run)
    sheet = openpyxl.load_workbook(fixture_run / "completeness.xlsx")["Fullständighet"]
    rows = table_part(list(sheet.iter_rows(values_only=True)))  # the legend left out
    header, body = rows[0], rows[1:]
    ids = [str(h).split(" ")[0] for h in header[1 : 1 + len(data["questions"])]]
    assert ids == [q["id"] for q in data["questions"]]
    by_name = {row[0]: row for row in body}
    for response in _current(data):
        row = by_name[response["respondent"]]
        words = [i18n.status_word(_shown(a), "sv") for a in response["answers"]]
        assert list(row[1 : 1 + len(ids)]) == words
    for respondent, literal in SV_ROWS.items():
        assert list(by_name[respondent][1:]) == literal, respondent
    # 13 respondents, Spånga-Tensta (only an unreadable file) and the "Andel besvarade" row
    assert len(by_name) == 15


def test_lang_en_gives_english_labels(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    result = _run(["run", "--jobs", "1", "--lang", "en"])
    assert result.exit_code == 0
    summary = [line for line in result.stderr.splitlines() if line.startswith("Files:")]
    assert len(summary) == 1
    assert not any(line.startswith("Filer:") for line in result.stderr.splitlines())
    book = openpyxl.load_workbook(workdir / "output" / "completeness.xlsx")
    assert book.sheetnames == [
        "Completeness",
        "Contacts",
        "Answers",
        "Questions",
        "Files",
        "Messages",
    ]
    values = {c.value for row in book["Completeness"].iter_rows() for c in row}
    assert {"answered", "placeholder", "empty", "missing"} <= values
    cells = {str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row}
    report = [text for _, text in _paragraphs(workdir / "output" / "report.docx")]
    assert "Answer box left untouched by: Skärholmens stadsdelsnämnd." in report
    assert "The file could not be read from: Spånga-Tensta." in report
    for swedish in ("platshållare", "Svarsrutan", "besvarad", "saknas"):
        assert not any(swedish in text for text in report), swedish
        assert not any(swedish in cell for cell in cells), swedish


def _replace_in_document(path: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            target.writestr(info, data)


def test_formula_like_answer_stays_text(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    form = workdir / "fixtures" / "inbox" / "Södermalm SDN - näringslivsrapport.docx"
    _replace_in_document(form, "Förvaltningen", "=HYPERLINK(&quot;x&quot;)+1 Förvaltningen")
    monkeypatch.chdir(workdir)
    assert _run(["run", "--jobs", "1", "--quiet"]).exit_code == 0
    answers = _answers(workdir / "output")
    south = next(r for r in answers["responses"] if r["file"].startswith("Södermalm"))
    texts = [a["text"] for a in south["answers"] if a["text"].startswith("=HYPERLINK")]
    assert texts
    book = openpyxl.load_workbook(workdir / "output" / "completeness.xlsx")
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    formulas = [c for c in cells if c.data_type == "f"]
    assert formulas == []


# ------------------------------------------------------------------------ failures and exits


def test_a_failing_write_leaves_the_previous_outputs(
    fixture_run: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {p.name: p.read_bytes() for p in fixture_run.iterdir() if p.is_file()}
    drafts = sorted(p.name for p in (fixture_run / "reminders").iterdir())

    def disk_full(result: object, path: Path) -> None:
        path.write_bytes(b'{"responses": [')  # half written, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("docxmerge.run.write_answers_json", disk_full)
    result = _run(["run", "--jobs", "1", "--quiet"])
    assert result.exit_code == 1
    assert result.stderr == "docxmerge: kan inte skriva i output: disken är full\n"
    assert (fixture_run / "answers.json").read_bytes() == before["answers.json"]
    assert sorted(p.name for p in fixture_run.iterdir()) == sorted([*before, "reminders"])
    assert sorted(p.name for p in (fixture_run / "reminders").iterdir()) == drafts


SODERMALM = "Södermalm SDN - näringslivsrapport.docx"  # every question answered (README.md)


def _small_inbox(tmp_path: Path, names: list[str]) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in names:
        shutil.copy2(FIXTURES / "inbox" / name, inbox / name)
    shutil.copy2(FIXTURES / "template.docx", tmp_path / "template.docx")
    return inbox


def _strict(inbox: Path, *extra: str) -> Any:
    out = str(inbox.parent / "out")
    return _run(["run", str(inbox), "--out", out, "--jobs", "1", "--quiet", "--strict", *extra])


def _strict_counts(stderr: str) -> list[int]:
    """The numbers on the one --strict line: unreadable, unanswered, not received, blank."""
    (line,) = [line for line in stderr.splitlines() if line.startswith("Strikt kontroll")]
    line = line.removeprefix("Strikt kontroll (--strict):")
    return [int(number) for number in re.findall(r"\d+", line)]


def test_strict_exits_0_when_every_question_is_answered(tmp_path: Path) -> None:
    result = _strict(_small_inbox(tmp_path, [SODERMALM]))
    assert result.exit_code == 0, result.stderr
    assert "Strikt kontroll" not in result.stderr


def test_strict_exits_1_when_a_file_is_unreadable(tmp_path: Path) -> None:
    result = _strict(_small_inbox(tmp_path, [SODERMALM, "Bromma trasig.docx"]))
    assert result.exit_code == 1
    assert _strict_counts(result.stderr) == [1, 0, 0, 0]


def test_strict_exits_1_when_a_question_is_unanswered(tmp_path: Path) -> None:
    result = _strict(_small_inbox(tmp_path, [SODERMALM, "Skärholmen T2 2022.docx"]))
    assert result.exit_code == 1
    assert _strict_counts(result.stderr) == [0, 7, 0, 0]  # Skärholmen: 7 (4.1 is optional)


def test_strict_exits_1_when_an_expected_respondent_sent_nothing(tmp_path: Path) -> None:
    inbox = _small_inbox(tmp_path, [SODERMALM])
    expected = tmp_path / "expected.csv"
    expected.write_text(
        "namn;alias\nSödermalms stadsdelsnämnd;Södermalm SDN\nBromma stadsdelsnämnd;Bromma SDN\n",
        encoding="utf-8",
    )
    result = _strict(inbox, "--expected", str(expected))
    assert result.exit_code == 1
    assert _strict_counts(result.stderr) == [0, 0, 1, 0]


def test_strict_counts_a_blank_form_sent_back(tmp_path: Path) -> None:
    inbox = _small_inbox(tmp_path, [SODERMALM])
    shutil.copy2(FIXTURES / "template.docx", inbox / "Bromma T2.docx")
    result = _strict(inbox)
    assert result.exit_code == 1
    assert _strict_counts(result.stderr) == [0, 0, 0, 1]


def test_optional_questions_are_never_owed(tmp_path: Path) -> None:
    inbox = _small_inbox(tmp_path, [SODERMALM, "Skärholmen T2 2022.docx"])
    result = _strict(inbox, "--optional", "1.2", "--optional", " 2.1")
    assert _strict_counts(result.stderr) == [0, 5, 0, 0]
    data = _answers(inbox.parent / "out")
    assert [q["id"] for q in data["questions"] if q["optional"]] == ["1.2", "2.1", "4.1"]


def test_an_unknown_optional_question_is_refused_with_the_known_ids(tmp_path: Path) -> None:
    inbox = _small_inbox(tmp_path, [SODERMALM])
    result = _strict(inbox, "--optional", "9.9")
    assert result.exit_code == 2  # a usage error (tests/test_cli_options.py has its words)
    assert result.stderr.splitlines()[-1] == (
        "Fel: --optional 9.9: mallen har ingen sådan fråga (dess frågor: 1.1, 1.2, 2.1, 3.1, "
        f"3.2, 3.3, 3.4, 3.5, 4.1; docxmerge questions {tmp_path / 'template.docx'} listar dem)"
    )


def test_an_expected_list_that_is_no_list_is_refused_with_the_reason(tmp_path: Path) -> None:
    inbox = _small_inbox(tmp_path, [SODERMALM])
    old_excel = tmp_path / "nämnder.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"))
    result = _strict(inbox, "--expected", str(old_excel))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"docxmerge: listan över svarande kan inte läsas: {old_excel}: "
        "gammal Excel 97-2003-fil (.xls): spara den som .xlsx eller CSV"
    )
    pdf = tmp_path / "nämnder.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    result = _strict(inbox, "--expected", str(pdf))
    assert result.stderr.strip() == (
        f"docxmerge: listan över svarande kan inte läsas: {pdf}: "
        "varken en CSV-fil (text) eller en Excel-arbetsbok (.xlsx)"
    )  # what it is instead, a technical detail, comes with --verbose
    assert _strict(inbox, "--expected", str(pdf), "--verbose").stderr.strip().endswith("(PDF)")
    assert not (inbox.parent / "out").exists()  # refused before anything was written


def test_missing_inbox_exits_1_and_usage_error_exits_2(tmp_path: Path) -> None:
    result = _run(["run", str(tmp_path / "nowhere"), "--template", str(FIXTURES / "template.docx")])
    assert result.exit_code == 1
    assert "mappen med formulär finns inte" in result.stderr  # the Swedish template's language
    assert _run(["run", "--jobs", "0"]).exit_code == 2


def test_expected_list_adds_not_received(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = workdir / "expected.csv"
    expected.write_text(
        "namn;alias\nFarsta stadsdelsnämnd;Farsta SDN\nRinkeby-Kista stadsdelsnämnd;Rinkeby SDN\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(workdir)
    assert _run(["run", "--jobs", "1", "--quiet", "--expected", str(expected)]).exit_code == 0
    data = _answers(workdir / "output")
    assert data["not_received"] == ["Rinkeby-Kista stadsdelsnämnd"]


def test_a_returned_form_given_as_template_is_refused(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(FIXTURES / "inbox", inbox)
    returned = tmp_path / "template.docx"  # the clerk took Skärholmen's form for the blank one
    shutil.copy2(FIXTURES / "inbox" / "Skärholmen T2 2022.docx", returned)
    out = tmp_path / "out"
    result = _run(["run", str(inbox), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"docxmerge: mallen {returned} innehåller redan svar (Nämnd, Kontaktperson för "
        "eventuella frågor, 1.1): är det ett ifyllt formulär? Ange den tomma mallen med "
        "--template, eller kör med --template-has-answers om det är meningen\n"
    )
    assert not out.exists()
    insisted = _run(["run", str(inbox), "--out", str(out), "--jobs", "1", "--template-has-answers"])
    assert insisted.exit_code == 0, insisted.stderr
    data = _answers(out)
    skarholmen = next(r for r in data["responses"] if r["file"] == "Skärholmen T2 2022.docx")
    assert skarholmen["status"] == "read"  # the same file in the inbox is a form, not a blank
    assert [m["code"] for m in data["messages"] if m["file"] == "template.docx"] == [
        "template_has_answers"
    ]


FOLDED_LIST = (
    "Bromma stadsdelsnamnd\nEnskede-Arsta-Vantors stadsdelsnamnd\nExploateringsnamnden\n"
    "Farsta stadsdelsnamnd\nHagersten-Alvsjo SDN\nHasselby-Vallingby SDN\nJarva SDN\n"
    "Kulturnamnden\nKungsholmens stadsdelsnamnd\nNorra innerstadens stadsdelsnamnd\n"
    "Skarpnacks stadsdelsnamnd\nSkarpnack\nSkarholmens sdn\nSodermalms stadsdelsnamnd\n"
)


def test_an_expected_list_typed_without_diacritics(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = workdir / "nämnder.csv"
    expected.write_text(FOLDED_LIST, encoding="utf-8")
    monkeypatch.chdir(workdir)
    assert _run(["run", "--jobs", "1", "--quiet", "--expected", str(expected)]).exit_code == 0
    data = _answers(workdir / "output")
    assert data["not_received"] == []  # every committee found, none to chase
    names = {r["file"]: r["respondent"] for r in _current(data)}
    assert names["Farsta v2 slutlig.docx"] == "Farsta stadsdelsnämnd"  # the form's spelling
    assert names["Skärholmen T2 2022.docx"] == "Skärholmens stadsdelsnämnd"  # list: "sdn"
    assert names["Hägersten-Älvsjö näringslivsrapport.docx"] == "Hägersten-Älvsjö stadsdelsnämnd"
    book = openpyxl.load_workbook(workdir / "output" / "completeness.xlsx")
    table = table_part(list(book["Fullständighet"].iter_rows(values_only=True)))
    rows = [row[0] for row in table[1:]]
    assert len(rows) == len(set(rows)) == 14  # 13 committees, each once, and the share row
    messages = [row[3] for row in book["Meddelanden"].iter_rows(min_row=2, values_only=True)]
    assert (
        "Skarpnack står en gång till i listan över förväntade svarande (som Skarpnacks "
        "stadsdelsnamnd): räknas en gång"
    ) in messages
    cover = [text for _, text in _paragraphs(workdir / "output" / "report.docx")][:8]
    assert "13 av 13 svarande" in cover  # the list's names and the forms' spellings agree


def test_an_empty_expected_list_is_named(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = workdir / "nämnder.csv"
    expected.write_text("namn\n\n", encoding="utf-8")
    monkeypatch.chdir(workdir)
    assert _run(["run", "--jobs", "1", "--quiet", "--expected", str(expected)]).exit_code == 0
    book = openpyxl.load_workbook(workdir / "output" / "completeness.xlsx")
    messages = [row[3] for row in book["Meddelanden"].iter_rows(min_row=2, values_only=True)]
    assert "Listan över förväntade svarande (nämnder.csv) innehåller inga namn" in messages


# ------------------------------------------------------------------------ inspect, questions


def test_questions_lists_what_the_template_asks() -> None:
    result = _run(["questions", str(FIXTURES / "template.docx"), "--json"])
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    rows = [row for row in entries if row["entry"] == "question"]
    assert entries[: len(rows)] == rows  # the question rows first, as programs read them
    assert entries[len(rows) :] == [
        {"entry": "field", "id": "", "section": "", "text": label, "slot": "", "kind": ""}
        | {"options": [], "multiple": False, "placement": "", "optional": False}  # emptied
        | {"label": label, "control_tag": tag, "control_alias": label}
        for label, tag in [
            ("Nämnd", "namnd"),
            ("Kontaktperson för eventuella frågor", "kontaktperson"),
            ("Telefon", "telefon"),
            ("E-post", "epost"),
        ]
    ]
    s1 = "1. Stimulera tillväxt och företagsamhet"
    s2 = "2. Förbättra service, tillgänglighet och myndighetsutövning"
    s3 = "3. Attraktivare miljöer och bättre framkomlighet"
    assert [(r["id"], r["section"], r["text"], r["slot"]) for r in rows] == [
        ("1.1", s1, "Beskriv samverkan med det lokala näringslivet inom stadsdelsnämndens "
         "geografiska område.", "control"),
        ("1.2", s1, 'Beskriv nämndens arbete med "Växla upp Stockholm"', "control"),
        ("2.1", s2, HEADING_2_1[4:], "control"),
        ("3.1", s3, "Beskriv nämndens arbete med att utveckla stadens renodlade "
         "verksamhetsområden med hänsyn till näringslivet, beskriv också eventuell samverkan "
         "med andra nämnder och bolag i det arbetet.", "control"),
        ("3.2", s3, "Hur samverkar och utvecklar nämnden arbetet med platssamverkan och "
         "platsaktivering på prioriterade platser eller områden för att skapa en trygg "
         "närmiljö för det lokala näringslivet?", "control"),
        ("3.3", s3, "Hur samverkar nämnden för att underlätta för närvaron av kultur i det "
         "offentliga rummet?", "control"),
        ("3.4", s3, "Hur sker samarbetet med att bistå i Stockholm Business Region ABs och "
         "arbetsmarknadsnämndens arbete för ökad hållbar tillväxt och företagande inom "
         "stadsdelens geografiska område?", "control"),
        ("3.5", s3, "Hur sker samarbetet med Stockholm Business Region AB att stärka dialogen "
         "med företag och branscher om deras behov och hinder för tillväxt?", "control"),
        ("4.1", "Övriga upplysningar", "Övriga upplysningar", "control"),
    ]  # fmt: skip


def test_inspect_shows_blocks_and_matched_answers() -> None:
    form = FIXTURES / "inbox" / "Enskede-Årsta-Vantör T2 2022.docx"
    result = _run(["inspect", str(form), "--template", str(FIXTURES / "template.docx")])
    assert result.exit_code == 0
    assert "Platssamverkan Rågsved och Östberga" in result.stdout
    lines = result.stdout.splitlines()
    assert "respondent: Enskede-Årsta-Vantörs stadsdelsnämnd" in lines
    assert "field Telefon: 0850814317" in lines
    assert "  1.2 answered score 100" in lines
    assert "  4.1 placeholder score 100" in lines


def test_inspect_shows_a_missing_question_and_an_edited_heading() -> None:
    form = FIXTURES / "inbox" / "Hägersten-Älvsjö näringslivsrapport.docx"
    result = _run(["inspect", str(form), "--template", str(FIXTURES / "template.docx")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "  1.1 answered score 100 {outside_control}" in lines
    assert "  3.3 answered score 99" in lines  # a one-letter typo: no edit to look at
    at = lines.index("  3.4 missing")
    assert lines[at + 1].strip() == "heading: -"
    assert (
        "        heading: Hur samverkar nämnden för att underlätta för närvaron av kultur i det "
        "offentliga rumet?"
    ) in lines
    edited = FIXTURES / "inbox" / "Södermalm SDN - näringslivsrapport.docx"
    result = _run(["inspect", str(edited), "--template", str(FIXTURES / "template.docx")])
    assert "  3.5 answered score 95 {edited_heading}" in result.stdout.splitlines()


def test_inspect_matches_a_form_against_the_version_it_fits_as_a_run_does() -> None:
    # Several --template, or a folder: the form is matched as a run matches it (the version it
    # fits best, its answers under the union's ids), and the version is named.
    templates = FIXTURES / "round2" / "templates"
    older = FIXTURES / "round2" / "inbox" / "Kulturnämnden_VB_2022.docx"
    newer = FIXTURES / "round2" / "inbox" / "Farsta T3 2022.docx"
    for given in (["-t", str(templates)], ["-t", str(templates / "template_v1.docx"),
                                          "-t", str(templates / "template_v2.docx")]):  # fmt: skip
        result = _run(["inspect", str(older), *given])
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert "template: template_v1.docx" in lines
        assert "  2.2 not_asked" in lines  # only v2 asks it
    result = _run(["inspect", str(newer), "-t", str(templates), "--json"])
    data = json.loads(result.stdout)
    assert data["template"] == "template_v2.docx"
    assert [a["question_id"] for a in data["answers"]["answers"]][2:4] == ["2.1", "2.2"]
    one = _run(["inspect", str(older), "-t", str(templates / "template_v1.docx"), "--json"])
    assert "template" not in json.loads(one.stdout)  # one template: nothing to choose


def _docxmerge(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m docxmerge ARGS`` in a real process, on this tree's source."""
    return subprocess.run(
        [sys.executable, "-m", "docxmerge", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_real_subprocess_python_dash_m(workdir: Path) -> None:
    completed = _docxmerge(workdir, "run", "--quiet")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ""
    data = _answers(workdir / "output")
    assert len(data["responses"]) == len(INBOX_STATUSES)


def test_real_subprocess_flushes_stdout_and_keeps_every_exit_status(tmp_path: Path) -> None:
    """The console entry ends the process with os._exit: nothing printed may be lost, and the
    statuses stay those of the command (0, 1 for a run that cannot run, 2 for usage errors)."""

    def docxmerge(*args: str) -> subprocess.CompletedProcess[str]:
        return _docxmerge(tmp_path, *args)

    listed = docxmerge("questions", str(FIXTURES / "template.docx"), "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)  # all of it arrived: it parses
    assert [row["id"] for row in rows if row["entry"] == "question"][-1] == "4.1"
    assert rows[-1]["text"] == "E-post"
    missing = docxmerge(
        "run", str(tmp_path / "nowhere"), "--template", str(FIXTURES / "template.docx")
    )
    assert missing.returncode == 1
    assert "nowhere" in missing.stderr
    assert docxmerge("run", "--no-such-option").returncode == 2


def test_questions_shows_each_kind_its_options_and_slot() -> None:
    template = (
        Path(__file__).resolve().parents[1] / "fixtures/layouts/numbered-legacy/template.docx"
    )
    result = CliRunner().invoke(main, ["questions", str(template), "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    title = "Enkät om nämndernas näringslivsarbete 2022"
    first = "1. Har nämnden en antagen plan för näringslivsarbetet?"
    assert f"  1.1   [legacy_field, choice] {title} / {first}" in lines
    assert "        options: Ja | Nej" in lines
    assert f"  1.2   [legacy_field, date] {title} / 2. När antogs planen?" in lines
    assert "        options: Möten | E-post | Telefon | Nätverksträffar" in lines
    rows = json.loads(CliRunner().invoke(main, ["questions", str(template), "--json"]).output)
    assert rows[3]["kind"] == "choice"
    assert rows[3]["options"] == ["Möten", "E-post", "Telefon", "Nätverksträffar"]
    assert rows[3]["multiple"] is False
