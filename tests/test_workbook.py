"""completeness.xlsx read back with openpyxl."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from test_answers_json import Q11, info, sample_result

from docxmerge.answers.tally import answer_totals
from docxmerge.model import Answer, Message, Response, RunResult
from docxmerge.writers.workbook import EXCEL_CELL_LIMIT, cell_text, write_workbook


def written(tmp_path: Path, result: RunResult) -> openpyxl.Workbook:
    target = tmp_path / "completeness.xlsx"
    write_workbook(result, target)
    return openpyxl.load_workbook(target)


def rows(sheet: Worksheet) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_sheet_names_in_both_languages(tmp_path: Path) -> None:
    assert written(tmp_path, sample_result("sv")).sheetnames == [
        "Fullständighet",
        "Filer",
        "Kontakter",
        "Meddelanden",
    ]
    assert written(tmp_path, sample_result("en")).sheetnames == [
        "Completeness",
        "Files",
        "Contacts",
        "Messages",
    ]


def test_completeness_matrix(tmp_path: Path) -> None:
    sheet = written(tmp_path, sample_result("sv"))["Fullständighet"]
    table = rows(sheet)
    assert table[0][0] == "Svarande"
    assert table[0][1] == "1.1 Beskriv samverkan med det lokala…"
    assert table[0][-1] == "Besvarade"
    # read, not superseded responses, then not received; unreadable/skipped files have no row
    assert table[1:4] == [
        ["Bromma stadsdelsnämnd", "besvarad", "platshållare", "besvarad", 2],
        ["Farsta stadsdelsnämnd", "besvarad", "saknas", "tom", 1],
        ["Skarpnäcks stadsdelsnämnd", "ej inkommen", "ej inkommen", "ej inkommen", 0],
    ]
    share = table[4]
    assert share[0] == "Andel besvarade"
    assert share[1:4] == pytest.approx([2 / 3, 0.0, 1 / 3])
    assert sheet.cell(row=5, column=2).number_format == "0%"
    assert sheet["B1"].comment is not None and sheet["B1"].comment.text == f"1.1 {Q11}"
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:E4"
    assert sheet.column_dimensions["A"].width >= len("Skarpnäcks stadsdelsnämnd")


def test_status_colours_are_a_few_range_rules(tmp_path: Path) -> None:
    sheet = written(tmp_path, sample_result("en"))["Completeness"]
    ranges = list(sheet.conditional_formatting)
    assert [str(r.sqref) for r in ranges] == ["B2:D4"]
    formulas = sorted(rule.formula[0] for r in ranges for rule in r.rules)
    assert formulas == sorted(
        ['"answered"', '"placeholder"', '"empty"', '"missing"', '"unreadable"', '"not received"']
    )


def test_files_sheet_lists_every_file(tmp_path: Path) -> None:
    table = rows(written(tmp_path, sample_result("en"))["Files"])
    assert table[0] == [
        "File",
        "Status",
        "Respondent",
        "Reason",
        "Modified",
        "Size (bytes)",
        "SHA-256",
        "Technical detail",
    ]
    assert [(r[0], r[1]) for r in table[1:]] == [
        ("Bromma.docx", "read"),
        ("Farsta.docx", "superseded"),
        ("Farsta v2.docx", "read"),
        ("gammal.doc", "unreadable"),
        ("~$Bromma.docx", "skipped"),
    ]
    assert table[2][3] == "superseded by Farsta v2.docx"
    assert table[4][3].startswith("gammalt Word 97-2003")  # the response's error as given
    assert table[4][7] == "legacy_doc: OLE2 WordDocument stream"  # a column of its own
    assert table[1][5] == 1234


def test_contacts_sheet(tmp_path: Path) -> None:
    sheet = written(tmp_path, sample_result("sv"))["Kontakter"]
    table = rows(sheet)
    assert table[0] == ["Svarande", "Kontaktperson", "Telefon", "E-post", "Obesvarade frågor"]
    assert table[1][:4] == [
        "Bromma stadsdelsnämnd",
        "Kersti Tagesson",
        "0850814317",
        "kersti@example.se",
    ]
    assert table[1][4] == '1.2 Beskriv nämndens arbete med "Växla upp…'
    assert table[2][4].split("\n") == [
        '1.2 Beskriv nämndens arbete med "Växla upp…',
        "2.1 Hur sker samverkan med socialnämnden…",
    ]
    assert table[3][0] == "Skarpnäcks stadsdelsnämnd"
    assert len(table[3][4].split("\n")) == 3
    # "+46 Anna" and "-" look like formulas but stay text
    assert sheet["B3"].value == "+46 Anna" and sheet["B3"].data_type == "s"
    assert sheet["C3"].value == "-" and sheet["C3"].data_type == "s"


def test_messages_sheet(tmp_path: Path) -> None:
    table = rows(written(tmp_path, sample_result("sv"))["Meddelanden"])
    # every column a clerk reads in the run's language; the code in the technical detail
    assert table[0] == ["Fil", "Plats", "Typ", "Meddelande", "Teknisk detalj"]
    assert table[1][2] == "run note"  # an unknown code, as words
    assert table[2] == [
        "Bromma.docx",
        "1.1",
        "osäker rubrik",
        "Fråga 1.1: rubriken matchade bara till 71 %",
        "low_match: Question 1.1: low match",  # the code and the English text, for support
    ]


def test_formula_like_and_hostile_text_stays_text(tmp_path: Path) -> None:
    base = sample_result("en")
    names = ["=1+1", "+SUM(A1)", "-2", "@cmd", "ctrl\x01\x1f end", "x" * 40_000]
    responses = tuple(
        Response(
            file=info(f"{i}.docx"),
            status="read",
            respondent=name,
            answers=(Answer("1.1", "answered", name),),
        )
        for i, name in enumerate(names)
    )
    workbook = written(tmp_path, RunResult(template=base.template, responses=responses))
    sheet = workbook["Completeness"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(names))]
    assert all(cell.data_type == "s" for cell in cells)
    assert [cell.value for cell in cells[:4]] == ["=1+1", "+SUM(A1)", "-2", "@cmd"]
    assert cells[0].quotePrefix
    assert cells[4].value == "ctrl\ufffd\ufffd end"
    assert len(cells[5].value) == EXCEL_CELL_LIMIT
    assert cells[5].value.endswith("[… truncated]")
    files = workbook["Files"]
    assert files["C2"].value == "=1+1" and files["C2"].data_type == "s"


def test_empty_run_still_writes(tmp_path: Path) -> None:
    base = sample_result("en")
    sheet = written(tmp_path, RunResult(template=base.template, responses=()))["Completeness"]
    assert rows(sheet)[1][0] == "Answered share"


def test_files_reason_falls_back_to_code(tmp_path: Path) -> None:
    base = sample_result("sv")
    response = Response(file=info("x.doc"), status="unreadable", error_code="legacy_doc")
    result = RunResult(template=base.template, responses=(response,), language="sv")
    table = rows(written(tmp_path, result)["Filer"])
    assert table[1][:4] == [
        "x.doc",
        "oläsbar",
        None,
        "gammalt Word 97-2003-format (.doc): spara den som .docx (eller kör med --convert)",
    ]


def test_respondent_with_only_an_unreadable_file_is_listed_to_chase(tmp_path: Path) -> None:
    base = sample_result("sv")
    broken = Response(
        file=info("Östermalm.doc"),
        status="unreadable",
        error_code="legacy_doc",
        respondent="Östermalms stadsdelsnämnd",
    )
    broken_bromma = Response(  # Bromma also has a read form: no extra row
        file=info("Bromma gammal.doc"), status="unreadable", respondent="Bromma stadsdelsnämnd"
    )
    result = RunResult(
        template=base.template,
        responses=(*base.responses, broken, broken_bromma),
        not_received=base.not_received,
        language="sv",
    )
    workbook = written(tmp_path, result)
    table = rows(workbook["Fullständighet"])
    assert [row[0] for row in table[1:]] == [
        "Bromma stadsdelsnämnd",
        "Farsta stadsdelsnämnd",
        "Östermalms stadsdelsnämnd",
        "Skarpnäcks stadsdelsnämnd",
        "Andel besvarade",
    ]
    assert table[3][1:] == ["oläsbar", "oläsbar", "oläsbar", 0]
    contacts = rows(workbook["Kontakter"])
    assert contacts[3][0] == "Östermalms stadsdelsnämnd"
    assert len(contacts[3][4].split("\n")) == 3


def test_cell_cap_counts_utf16_units() -> None:
    capped = cell_text("😀" * 20_000, "en")  # 40,000 UTF-16 units
    assert len(capped.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT
    assert capped.endswith("[… truncated]")
    assert capped.startswith("😀" * 16_000)
    assert cell_text("😀" * 16_000, "en") == "😀" * 16_000


def test_counts_agree_with_tally(tmp_path: Path) -> None:
    # one counting rule (docxmerge.answers.tally) for every output: a form with no
    # answer at all for a question leaves it unanswered, listed as open in Contacts
    base = sample_result("en")
    bromma = dataclasses.replace(base.responses[0], answers=base.responses[0].answers[:1])
    result = dataclasses.replace(base, responses=(bromma, *base.responses[1:]))
    workbook = written(tmp_path, result)
    table = rows(workbook["Completeness"])
    assert [row[-1] for row in table[1:4]] == [1, 1, 0]
    assert table[4][-1] == pytest.approx(answer_totals(result)[0] / 9) == pytest.approx(2 / 9)
    contacts = rows(workbook["Contacts"])
    assert contacts[1][4].splitlines() == [
        '1.2 Beskriv nämndens arbete med "Växla upp…',
        "2.1 Hur sker samverkan med socialnämnden…",
    ]


def test_replaced_characters_are_flagged_per_cell(tmp_path: Path) -> None:
    base = sample_result("en")
    fields = {"Telefon": "08\x0b123"}
    responses = (
        Response(file=info("ok.docx"), status="read", respondent="Plain", answers=()),
        Response(
            file=info("odd.docx"),
            status="read",
            respondent="ctrl\x01 name",
            fields=fields,
            answers=(Answer("1.1", "answered", "x"),),
        ),
    )
    result = RunResult(template=base.template, responses=responses, language="sv")
    workbook = written(tmp_path, result)
    assert workbook["Kontakter"]["C3"].value == "08\ufffd123"
    flagged = [row for row in rows(workbook["Meddelanden"])[1:] if row[2] == "ersatta tecken"]
    detail = "replaced_characters: Characters that cannot be stored were replaced by �"
    assert flagged == [
        [
            "odd.docx",
            f"{sheet}/{cell}",
            "ersatta tecken",
            "Otillåtna tecken har ersatts med �",
            detail,
        ]
        for sheet, cell in (
            ("Fullständighet", "A3"),
            ("Filer", "C3"),
            ("Kontakter", "A3"),
            ("Kontakter", "C3"),
        )
    ]


def test_clean_text_gives_no_replaced_characters_message(tmp_path: Path) -> None:
    table = rows(written(tmp_path, sample_result("en"))["Messages"])
    assert [row[4] for row in table[1:]] == ["run_note", "low_match"]


def test_replaced_characters_in_the_messages_sheet_itself_are_flagged(tmp_path: Path) -> None:
    base = sample_result("en")
    note = Message("", "", "run_note", "heading\x07 as found")
    table = rows(written(tmp_path, dataclasses.replace(base, messages=(note,)))["Messages"])
    assert table[1] == [None, None, "run note", "heading\ufffd as found", "run_note"]  # "": None
    assert table[-1] == [
        None,
        "Messages/D2",
        "replaced characters",
        "Characters that cannot be stored were replaced by \ufffd",
        "replaced_characters",
    ]
    assert [row[4] for row in table[1:]] == ["run_note", "low_match", "replaced_characters"]


def test_files_sheet_says_identical_copy_for_a_duplicate(tmp_path: Path) -> None:
    base = sample_result("sv")
    copy = Message(
        "a.docx", "file", "duplicate_copy", "Identical copy of b.docx", (("file", "b.docx"),)
    )
    older = Response(
        file=info("a.docx"), status="superseded", respondent="X", superseded_by="b.docx",
        messages=(copy,),
    )  # fmt: skip
    newer = Response(
        file=info("b.docx"), status="superseded", respondent="Y", superseded_by="c.docx"
    )
    result = RunResult(template=base.template, responses=(older, newer), language="sv")
    table = rows(written(tmp_path, result)["Filer"])
    assert [row[3] for row in table[1:]] == ["Identisk kopia av b.docx", "ersatt av c.docx"]
