"""The --expected list: CSV text and .xlsx workbooks, optional columns, and files refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import wordxml

from docxmerge.answers.expected import expected_from_rows
from docxmerge.docx.list_file import decode_text, read_list, text_rows
from docxmerge.docx.package import OLE2_SIGNATURE
from docxmerge.model import Expected, UnreadableError


def parse(text: str) -> list[Expected]:
    return expected_from_rows(text_rows(text))


def test_name_then_aliases_with_or_without_a_header() -> None:
    text = "\ufeffnamn;alias;alias\nFarsta stadsdelsnämnd;Farsta SDN;\n\nKulturnämnden\n"
    assert parse(text) == [
        Expected("Farsta stadsdelsnämnd", ("Farsta SDN",)),
        Expected("Kulturnämnden", ()),
    ]
    assert parse('Farsta stadsdelsnämnd,"Farsta SDN"\nBromma stadsdelsnämnd') == [
        Expected("Farsta stadsdelsnämnd", ("Farsta SDN",)),
        Expected("Bromma stadsdelsnämnd", ()),
    ]
    # every row: respondents.check_expected merges a repeated name, with a warning
    assert parse("A\nA\n") == [Expected("A"), Expected("A")]
    assert parse("") == []


def test_the_separator_is_found_over_all_lines() -> None:
    # header "Namn" alone, a first row without aliases: later rows still split on ';'
    text = "Namn\nKulturnämnden\nFarsta stadsdelsnämnd;Farsta SDN\nBromma stadsdelsnämnd\n"
    assert parse(text) == [
        Expected("Kulturnämnden", ()),
        Expected("Farsta stadsdelsnämnd", ("Farsta SDN",)),
        Expected("Bromma stadsdelsnämnd", ()),
    ]
    # names never contain ';': a row with ';' splits there even when others use ','
    assert parse('Kulturnämnden\n"Farsta, södra";Farsta SDN\n') == [
        Expected("Kulturnämnden", ()),
        Expected("Farsta, södra", ("Farsta SDN",)),
    ]
    assert parse("Kulturnämnden\nFarsta stadsdelsnämnd\tFarsta SDN\n") == [
        Expected("Kulturnämnden", ()),
        Expected("Farsta stadsdelsnämnd", ("Farsta SDN",)),
    ]


def test_optional_columns_are_known_by_their_headings_in_any_order() -> None:
    text = (
        "Kontaktperson;Nämnd;Kommentar;E-post;Alias;Telefon\n"
        "Johan Ek;Farsta stadsdelsnämnd;sen förra året;johan.ek@stockholm.se;"
        '"Farsta SDN, Farsta";08-508 18 000\n'
        "Hanna Ström;Kulturnämnden;;;;\n"
    )
    assert parse(text) == [
        Expected(
            "Farsta stadsdelsnämnd",
            ("Farsta SDN", "Farsta"),
            email="johan.ek@stockholm.se",
            contact="Johan Ek",
            phone="08-508 18 000",
        ),
        Expected("Kulturnämnden", contact="Hanna Ström"),
    ]


def test_without_a_header_an_address_is_the_email_and_the_rest_aliases() -> None:
    text = "Farsta stadsdelsnämnd;Farsta SDN;johan.ek@stockholm.se\nKulturnämnden\n"
    assert parse(text) == [
        Expected("Farsta stadsdelsnämnd", ("Farsta SDN",), email="johan.ek@stockholm.se"),
        Expected("Kulturnämnden"),
    ]
    # a first row holding an address is data, even when a cell reads like a heading
    assert parse("Kontakt;kontakt@example.se\n")[0] == Expected(
        "Kontakt", email="kontakt@example.se"
    )


def test_text_decoding_of_what_excel_writes() -> None:
    text = "Namn;Alias\nÖstermalms stadsdelsnämnd;Östermalm SDN\n"
    assert decode_text(text.encode("utf-8")) == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_text(text.encode("cp1252")) == text  # Swedish Excel's "CSV (semikolon...)"
    assert decode_text(b"") == ""
    # Excel's "Unicode text": UTF-16 with a BOM, tab separated.
    data = "Namn\tAlias\r\nFarsta stadsdelsnämnd\tFarsta SDN\r\n".encode("utf-16")
    assert expected_from_rows(text_rows(decode_text(data))) == [
        Expected("Farsta stadsdelsnämnd", ("Farsta SDN",))
    ]


def _xlsx(tmp_path: Path, rows: list[list[object]], blank_first_sheet: bool = False) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    if blank_first_sheet:
        sheet.title = "Tom"
        sheet = book.create_sheet("Nämnder")
    for row in rows:
        sheet.append(row)
    path = tmp_path / "nämnder.xlsx"
    book.save(path)
    return path


def test_an_xlsx_list_is_read_from_its_first_sheet_with_content(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [
            ["Namn", "E-post", "Kontaktperson", "Telefon"],
            ["Farsta stadsdelsnämnd", "johan.ek@stockholm.se", "Johan Ek", 850818000],
            ["Kulturnämnden", None, None, None],
            [None, None, None, None],
        ],
        blank_first_sheet=True,
    )
    assert read_list(path) == [
        ["Namn", "E-post", "Kontaktperson", "Telefon"],
        ["Farsta stadsdelsnämnd", "johan.ek@stockholm.se", "Johan Ek", "850818000"],
        ["Kulturnämnden", "", "", ""],
    ]
    assert expected_from_rows(read_list(path)) == [
        Expected(
            "Farsta stadsdelsnämnd",
            email="johan.ek@stockholm.se",
            contact="Johan Ek",
            phone="850818000",
        ),
        Expected("Kulturnämnden"),
    ]


def _refusal(path: Path) -> tuple[str, str]:
    with pytest.raises(UnreadableError) as caught:
        read_list(path)
    return caught.value.code, caught.value.detail


def test_files_that_are_no_list_are_refused_with_what_they_are(tmp_path: Path) -> None:
    cases = {
        "list.docx": (wordxml.make_docx("<w:p/>"), ("list_not_table", "Word")),
        "list.xls": (OLE2_SIGNATURE + "Workbook".encode("utf-16-le") * 4, ("list_xls", "")),
        "list.doc": (OLE2_SIGNATURE + "WordDocument".encode("utf-16-le"), ("list_not_table",
                                                                          "Word 97-2003")),
        "list.pdf": (b"%PDF-1.7\n...", ("list_not_table", "PDF")),
        "list.bin": (bytes(range(256)) * 4, ("list_not_table", "binary data")),
        "list.utf16": ("Namn\nFarsta\n".encode("utf-16-le"), ("list_not_table", "binary data")),
        "empty.csv": (b"", ("empty_file", "")),
        "cut.xlsx": (b"PK\x03\x04" + b"\x00" * 40, ("damaged", None)),
    }  # fmt: skip
    for name, (data, (code, detail)) in cases.items():
        (tmp_path / name).write_bytes(data)
        found = _refusal(tmp_path / name)
        assert found[0] == code, name
        if detail is not None:
            assert found[1] == detail, name


def test_an_xlsx_that_inflates_too_far_or_declares_a_doctype_is_refused(tmp_path: Path) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * (65 * 1024 * 1024))
    (tmp_path / "bomb.xlsx").write_bytes(bomb.getvalue())
    assert _refusal(tmp_path / "bomb.xlsx") == ("zip_bomb", "xl/worksheets/sheet1.xml")
    doctype = io.BytesIO()
    with zipfile.ZipFile(doctype, "w") as archive:
        archive.writestr(
            "xl/workbook.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
        )
    (tmp_path / "doctype.xlsx").write_bytes(doctype.getvalue())
    assert _refusal(tmp_path / "doctype.xlsx") == ("unsafe_xml", "xl/workbook.xml")
