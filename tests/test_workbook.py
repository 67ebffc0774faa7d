"""completeness.xlsx read back with openpyxl."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import table_part
from openpyxl.worksheet.worksheet import Worksheet
from test_answers_json import Q11, Q12, Q21, info, sample_result, with_optional

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
        "Kontakter",
        "Svar",
        "Frågor",
        "Filer",
        "Meddelanden",
    ]
    assert written(tmp_path, sample_result("en")).sheetnames == [
        "Completeness",
        "Contacts",
        "Answers",
        "Questions",
        "Files",
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
        [
            '"answered"',
            '"not applicable"',
            '"placeholder"',
            '"empty"',
            '"missing"',
            '"unreadable"',
            '"blank form returned"',
            '"not received"',
        ]
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


def test_contacts_sheet_is_the_chase_list(tmp_path: Path) -> None:
    sheet = written(tmp_path, sample_result("sv"))["Kontakter"]
    table = rows(sheet)
    assert table == [
        [
            "Svarande",
            "Status",
            "Kontaktperson",
            "Telefon",
            "E-post",
            "Vad som saknas",
            "Påminnelse (utkast)",
        ],
        [
            "Bromma stadsdelsnämnd",
            "obesvarade frågor",
            "Kersti Tagesson",
            "0850814317",
            "kersti@example.se",
            '1.2 Beskriv nämndens arbete med "Växla upp Stockholm"',
            "Bromma stadsdelsnämnd.eml",
        ],
        [
            "Farsta stadsdelsnämnd",
            "obesvarade frågor",
            "+46 Anna",
            "-",
            None,
            '1.2 Beskriv nämndens arbete med "Växla upp Stockholm"\n'
            "2.1 Hur sker samverkan med socialnämnden och skatteverket?",
            "Farsta stadsdelsnämnd.eml",
        ],
        [
            "Skarpnäcks stadsdelsnämnd",
            "ej inkommen",
            None,
            None,
            None,
            "Inget formulär har kommit in",
            "Skarpnäcks stadsdelsnämnd.eml",
        ],
    ]
    # a mailto link, a link to the draft beside the workbook, rows as tall as their lines
    assert sheet["E2"].hyperlink.target == "mailto:kersti@example.se"
    assert sheet["G3"].hyperlink.target == "reminders/Farsta%20stadsdelsn%C3%A4mnd.eml"
    assert sheet["F3"].alignment.wrap_text
    # the whole questions (54 and 59 characters) wrap once each at the column's width of 50
    assert sheet.row_dimensions[3].height == 60
    assert sheet.row_dimensions[2].height == 30
    assert sheet.row_dimensions[4].height is None  # one line: the default height
    # "+46 Anna" and "-" look like formulas but stay text
    assert sheet["C3"].value == "+46 Anna" and sheet["C3"].data_type == "s"
    assert sheet["D3"].value == "-" and sheet["D3"].data_type == "s"


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


def test_respondents_with_no_form_to_count_have_rows_and_are_chased(tmp_path: Path) -> None:
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
    blank = Response(
        file=info("Kista.docx"), status="skipped", error_code="blank_form", respondent="Kista"
    )
    result = RunResult(
        template=base.template,
        responses=(*base.responses, broken, broken_bromma, blank),
        not_received=base.not_received,
        language="sv",
    )
    workbook = written(tmp_path, result)
    table = table_part(rows(workbook["Fullständighet"]))
    assert [row[0] for row in table[1:]] == [
        "Bromma stadsdelsnämnd",
        "Farsta stadsdelsnämnd",
        "Östermalms stadsdelsnämnd",
        "Kista",
        "Skarpnäcks stadsdelsnämnd",
        "Andel besvarade",
    ]
    assert table[3][1:] == ["oläsbar", "oläsbar", "oläsbar", 0]
    assert table[4][1:] == ["oifylld blankett", "oifylld blankett", "oifylld blankett", 0]
    contacts = rows(workbook["Kontakter"])
    assert [(row[0], row[1], row[5]) for row in contacts[3:]] == [
        (
            "Östermalms stadsdelsnämnd",
            "oläsbar",
            "Östermalm.doc kan inte läsas: gammalt Word 97-2003-format (.doc): spara den som "
            ".docx (eller kör med --convert)",
        ),
        ("Kista", "oifylld blankett", "Blanketten kom tillbaka oifylld: Kista.docx"),
        ("Skarpnäcks stadsdelsnämnd", "ej inkommen", "Inget formulär har kommit in"),
    ]


def test_cell_cap_counts_utf16_units() -> None:
    capped = cell_text("😀" * 20_000, "en")  # 40,000 UTF-16 units
    assert len(capped.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT
    assert capped.endswith("[… truncated]")
    assert capped.startswith("😀" * 16_000)
    assert cell_text("😀" * 16_000, "en") == "😀" * 16_000


def test_counts_agree_with_tally(tmp_path: Path) -> None:
    # one counting rule (docxmerge.answers.tally) for every output: a form with no
    # answer at all for a question leaves it unanswered, listed as owed in Contacts
    base = sample_result("en")
    bromma = dataclasses.replace(base.responses[0], answers=base.responses[0].answers[:1])
    result = dataclasses.replace(base, responses=(bromma, *base.responses[1:]))
    workbook = written(tmp_path, result)
    table = rows(workbook["Completeness"])
    assert [row[-1] for row in table[1:4]] == [1, 1, 0]
    assert table[4][-1] == pytest.approx(answer_totals(result)[0] / 9) == pytest.approx(2 / 9)
    contacts = rows(workbook["Contacts"])
    assert contacts[1][5].splitlines() == [
        '1.2 Beskriv nämndens arbete med "Växla upp Stockholm"',
        "2.1 Hur sker samverkan med socialnämnden och skatteverket?",
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
    assert workbook["Kontakter"]["D3"].value == "08\ufffd123"
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
            ("Kontakter", "A3"),
            ("Kontakter", "D3"),
            ("Svar", "A3"),
            ("Filer", "C3"),
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


def test_answers_sheet_holds_the_answers_and_fields(tmp_path: Path) -> None:
    sheet = written(tmp_path, sample_result("sv"))["Svar"]
    table = rows(sheet)
    assert table[0] == [
        "Svarande",
        "1.1 Beskriv samverkan med det lokala…",
        '1.2 Beskriv nämndens arbete med "Växla upp…',
        "2.1 Hur sker samverkan med socialnämnden…",
        "Fil",
    ]  # sample_template has no metadata fields
    assert table[1] == [
        "Bromma stadsdelsnämnd",
        "=SUM(A1:A3) är inte en formel",
        None,  # a placeholder shows nothing
        "Bromma gör fetstil och länk\nPunkt ett\nPunkt två",
        "Bromma.docx",
    ]
    assert table[2] == [
        "Farsta stadsdelsnämnd",
        "Farsta svarar\tmed tabb\noch radbrytning",
        None,
        None,
        "Farsta v2.docx",
    ]
    assert len(table) == 3  # current forms only: no superseded, unreadable or absent rows
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix
    assert sheet["B1"].comment is not None and sheet["B1"].comment.text == f"1.1 {Q11}"
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:E3"
    assert sheet["D2"].alignment.wrap_text and sheet.row_dimensions[2].height == 45


def test_answers_sheet_cuts_a_long_answer_with_a_marker_and_a_message(tmp_path: Path) -> None:
    base = sample_result("en")
    long_text = "Lång " * 10_000  # 50,000 characters
    response = Response(
        file=info("long.docx"),
        status="read",
        respondent="Long",
        answers=(Answer("1.1", "answered", long_text),),
    )
    workbook = written(tmp_path, RunResult(template=base.template, responses=(response,)))
    cell = workbook["Answers"]["B2"].value
    assert len(cell) == EXCEL_CELL_LIMIT and cell.endswith("[… truncated]")
    assert workbook["Answers"].row_dimensions[2].height == 8 * 15  # at most 8 lines tall
    notes = [row for row in rows(workbook["Messages"])[1:] if row[4] == "cell_truncated"]
    assert notes == [
        [
            "long.docx",
            "Answers/B2",
            "cell cut",
            "The text is longer than the 32,767 characters an Excel cell holds and was cut; "
            "the whole text is in answers.json and report.docx",
            "cell_truncated",
        ]
    ]


def test_declined_answers_have_a_status_word_and_a_message(tmp_path: Path) -> None:
    base = sample_result("sv")
    bromma = base.responses[0]
    declined = Answer("1.2", "answered", "Ej aktuellt", flags=("declined",))
    bromma = dataclasses.replace(bromma, answers=(bromma.answers[0], declined, bromma.answers[2]))
    workbook = written(tmp_path, dataclasses.replace(base, responses=(bromma, *base.responses[1:])))
    assert rows(workbook["Fullständighet"])[1] == [
        "Bromma stadsdelsnämnd",
        "besvarad",
        "ej aktuellt",
        "besvarad",
        3,
    ]
    assert rows(workbook["Svar"])[1][2] == "Ej aktuellt"
    assert [r[:4] for r in rows(workbook["Meddelanden"]) if r[2] == "ej aktuellt"] == [
        [
            "Bromma.docx",
            "fråga 1.2",
            "ej aktuellt",
            "Fråga 1.2: svaret är att frågan inte är aktuell (räknas som besvarad)",
        ]
    ]
    assert [row[0] for row in rows(workbook["Kontakter"])[1:]] == [
        "Farsta stadsdelsnämnd",
        "Skarpnäcks stadsdelsnämnd",
    ]


def test_questions_sheet_most_skipped_first_optional_last(tmp_path: Path) -> None:
    result = with_optional(sample_result("sv"), "1.2")
    table = rows(written(tmp_path, result)["Frågor"])
    assert table[0] == [
        "Fråga",
        "Frågetext",
        "Avsnitt",
        "Frivillig",
        "Besvarade",
        "varav ej aktuellt",
        "Obesvarade",
        "Utan formulär",
        "Andel besvarade",
        "Svarsalternativ (antal)",
    ]
    # 2.1 answered by 1 of 3 (Skarpnäck sent nothing), 1.1 by 2 of 3; 1.2 is optional
    assert [row[:2] + row[3:8] for row in table[1:]] == [
        ["2.1", Q21, None, 1, 0, 1, 1],
        ["1.1", Q11, None, 2, 0, 0, 1],
        ["1.2", Q12, "ja", 0, 0, 2, 1],
    ]
    assert [row[8] for row in table[1:]] == pytest.approx([1 / 3, 2 / 3, 0.0])


def test_files_sheet_modified_is_a_local_date_cell_and_status_coloured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Europe/Stockholm")
    time.tzset()
    try:
        sheet = written(tmp_path, sample_result("sv"))["Filer"]
    finally:
        monkeypatch.undo()
        time.tzset()
    # info() says 2026-11-01T10:00:00Z: 11:00 in Stockholm (CET)
    assert sheet["E2"].value == dt.datetime(2026, 11, 1, 11, 0)
    assert sheet["E2"].number_format == "yyyy-mm-dd hh:mm"
    assert [sheet[f"B{r}"].fill.start_color.rgb for r in (2, 3, 5)] == [
        "00C6EFCE",  # read
        "00EDEDED",  # superseded
        "00E6B8B7",  # unreadable
    ]
    assert [c.value for c in sheet[1]][-3:] == ["Storlek (byte)", "SHA-256", "Teknisk detalj"]
