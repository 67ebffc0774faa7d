"""Reader tests: tracked changes, complex and simple fields, legacy form fields."""

from __future__ import annotations

import wordxml as wx
from conftest import read_body as read
from conftest import texts

from docxmerge.model import FormField

BEGIN = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
SEPARATE = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def instr(text: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>'


# --------------------------------------------------------------------------- tracked changes


def test_insertions_kept_deletions_dropped() -> None:
    inner = wx.run("Vi har ") + wx.delete("inte ", "Anna") + wx.ins(wx.run("redan "), "Bo")
    doc = read(wx.p(inner=inner + wx.run("svarat.")))
    assert texts(doc) == ["Vi har redan svarat."]


def test_move_from_dropped_move_to_kept() -> None:
    move_from = '<w:moveFrom w:id="7" w:author="A" w:date="2022-01-01T00:00:00Z">'
    move_to = '<w:moveTo w:id="8" w:author="A" w:date="2022-01-01T00:00:00Z">'
    body = wx.p(inner=move_from + wx.run("flyttad") + "</w:moveFrom>" + wx.run("kvar")) + wx.p(
        inner=move_to + wx.run("flyttad") + "</w:moveTo>"
    )
    assert texts(read(body)) == ["kvar", "flyttad"]


def test_tracked_changes_inside_control() -> None:
    inner = wx.run("Svar: ") + wx.delete("gammalt", "A") + wx.ins(wx.run("nytt"), "B")
    doc = read(wx.p(inner=wx.sdt_run(inner, tag="svar", kind="text")))
    assert texts(doc) == ["Svar: nytt"]
    assert doc.blocks[0].controls[0].tag == "svar"


def test_deleted_paragraph_mark_joins_paragraphs() -> None:
    deleted_mark = (
        '<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="A" w:date="2022-01-01T00:00:00Z"/>'
        "</w:rPr></w:pPr>" + wx.run("första ") + "</w:p>"
    )
    gone = (
        '<w:p><w:pPr><w:rPr><w:del w:id="4" w:author="A" w:date="2022-01-01T00:00:00Z"/>'
        "</w:rPr></w:pPr>" + wx.delete("allt borta", "A") + "</w:p>"
    )
    doc = read(deleted_mark + wx.p("andra") + gone + wx.p("tredje"))
    assert texts(doc) == ["första andra", "tredje"]


# --------------------------------------------------------------------------- fields


def test_complex_field_keeps_result_drops_instruction() -> None:
    doc = read(wx.p(inner=wx.run("Sida ") + wx.field("PAGE", "3") + wx.run(" av 9")))
    assert texts(doc) == ["Sida 3 av 9"]


def test_field_instruction_split_over_runs_and_deleted_instruction() -> None:
    inner = (
        BEGIN
        + instr(" DOC")
        + instr("PROPERTY Title ")
        + '<w:del w:id="1" w:author="A" w:date="2022-01-01T00:00:00Z"><w:r>'
        "<w:delInstrText>\\* MERGEFORMAT</w:delInstrText></w:r></w:del>"
        + SEPARATE
        + wx.run("Rapport")
        + END
    )
    assert texts(read(wx.p(inner=inner))) == ["Rapport"]


def test_field_without_separate_shows_nothing() -> None:
    inner = wx.run("före ") + BEGIN + instr(" NUMPAGES ") + END + wx.run("efter")
    assert texts(read(wx.p(inner=inner))) == ["före efter"]


def test_nested_field_result_inside_instruction_is_dropped() -> None:
    inner = (
        BEGIN
        + instr(" IF ")
        + wx.field("PAGE", "1")  # the inner field belongs to the outer instruction
        + instr(' = 1 "första" "annan" ')
        + SEPARATE
        + wx.run("första")
        + END
    )
    assert texts(read(wx.p(inner=inner))) == ["första"]


def test_field_spanning_paragraphs() -> None:
    first = wx.p(inner=BEGIN + instr(" TOC \\o ") + SEPARATE + wx.run("Inledning\t1"))
    last = wx.p(inner=wx.run("Bilaga\t2") + END)
    assert texts(read(first + last + wx.p("Text"))) == ["Inledning\t1", "Bilaga\t2", "Text"]


def test_simple_field_children_are_the_result() -> None:
    inner = wx.run("Sida ") + '<w:fldSimple w:instr=" PAGE ">' + wx.run("4") + "</w:fldSimple>"
    assert texts(read(wx.p(inner=inner))) == ["Sida 4"]


# --------------------------------------------------------------------------- legacy form fields


def legacy(ffdata: str, code: str, result: str | None) -> str:
    begin = f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData>{ffdata}</w:ffData></w:fldChar></w:r>'
    middle = SEPARATE + result if result is not None else ""
    return begin + instr(f" {code} ") + middle + END


def test_formtext_value_and_untouched_en_spaces() -> None:
    name = '<w:name w:val="Text1"/><w:enabled/><w:textInput/>'
    filled = legacy(name, "FORMTEXT", wx.run("Farsta"))
    untouched = legacy(name.replace("Text1", "Text2"), "FORMTEXT", wx.run("\u2002" * 5))
    doc = read(wx.p(inner=wx.run("Nämnd: ") + filled) + wx.p(inner=untouched))
    assert texts(doc) == ["Nämnd: Farsta", ""]
    assert doc.blocks[0].form_fields == (FormField("text", "Text1", "Farsta", offset=7),)
    assert doc.blocks[1].form_fields == (FormField("text", "Text2", ""),)


def test_formcheckbox_checked_default_and_values() -> None:
    def box(inner: str) -> str:
        ffdata = f'<w:name w:val="Kryss"/><w:checkBox><w:sizeAuto/>{inner}</w:checkBox>'
        return wx.p(inner=legacy(ffdata, "FORMCHECKBOX", "") + wx.run(" Ja"))

    doc = read(
        box('<w:default w:val="0"/><w:checked/>')
        + box('<w:default w:val="0"/><w:checked w:val=""/>')
        + box('<w:default w:val="1"/><w:checked w:val="0"/>')
        + box('<w:default w:val="1"/><w:checked w:val="false"/>')
        + box('<w:default w:val="1"/>')
        + box('<w:default w:val="0"/>')
    )
    assert texts(doc) == ["☒ Ja", "☒ Ja", "☐ Ja", "☐ Ja", "☒ Ja", "☐ Ja"]
    assert [b.form_fields[0].checked for b in doc.blocks] == [True, True, False, False, True, False]
    assert doc.blocks[0].form_fields[0] == FormField("checkbox", "Kryss", "☒", True)


def test_formcheckbox_without_separate() -> None:
    ffdata = '<w:checkBox><w:sizeAuto/><w:default w:val="1"/></w:checkBox>'
    doc = read(wx.p(inner=legacy(ffdata, "FORMCHECKBOX", None)))
    assert texts(doc) == ["☒"]


def test_formdropdown_result_index_and_default_first() -> None:
    entries = '<w:listEntry w:val="Ja"/><w:listEntry w:val="Nej"/><w:listEntry w:val="Delvis"/>'
    chosen = legacy(
        f'<w:name w:val="Val"/><w:ddList><w:result w:val="2"/>{entries}</w:ddList>',
        "FORMDROPDOWN",
        "",
    )
    first = legacy(f"<w:ddList>{entries}</w:ddList>", "FORMDROPDOWN", "")
    doc = read(wx.p(inner=chosen) + wx.p(inner=first))
    assert texts(doc) == ["Delvis", "Ja"]
    items = ("Ja", "Nej", "Delvis")
    assert doc.blocks[0].form_fields == (FormField("dropdown", "Val", "Delvis", items=items),)
    assert doc.blocks[1].form_fields == (FormField("dropdown", None, "Ja", items=items),)


def test_deleted_mark_before_table_does_not_join_into_it() -> None:
    deleted_mark = (
        '<w:p><w:pPr><w:pStyle w:val="Rubrik2"/><w:rPr><w:del w:id="3" w:author="A" '
        'w:date="2022-01-01T00:00:00Z"/></w:rPr></w:pPr>' + wx.run("rubrik") + "</w:p>"
    )
    doc = read(deleted_mark + wx.table([["cell"]]))
    assert texts(doc) == ["rubrik", "cell"]
    assert (doc.blocks[0].style, doc.blocks[0].table) == ("heading 2", None)
