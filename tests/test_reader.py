"""Reader tests: paragraphs, controls, tables, text boxes, styles, numbering, runs.

Every test builds a small .docx with fixtures/wordxml.py and asserts the exact blocks.
"""

from __future__ import annotations

import wordxml as wx
from conftest import read_body as read
from conftest import texts

from docxmerge.docx.package import Package
from docxmerge.docx.reader import read_package
from docxmerge.model import Control, TablePos

# --------------------------------------------------------------------------- paragraphs


def test_paragraphs_in_order_with_empty_answer_slots() -> None:
    doc = read(wx.p("Fråga ett") + wx.p() + wx.p("Fråga två"))
    assert texts(doc) == ["Fråga ett", "", "Fråga två"]
    assert [b.index for b in doc.blocks] == [0, 1, 2]
    assert doc.blocks[1].runs == ()


def test_split_runs_are_joined_across_markup() -> None:
    start, end = wx.bookmark(5, "svar")
    inner = (
        wx.run("Besk")
        + wx.proof_err("spellStart")
        + wx.run("riv")
        + wx.proof_err("spellEnd")
        + start
        + wx.commented(wx.run(" samverkan"), "3")
        + end
        + '<w:smartTag w:uri="urn:x" w:element="place">'
        + wx.run(" i")
        + "</w:smartTag>"
        + '<w:customXml w:element="x">'
        + wx.run(" Farsta")
        + "</w:customXml>"
    )
    doc = read(wx.p(inner=inner))
    assert texts(doc) == ["Beskriv samverkan i Farsta"]
    assert len(doc.blocks[0].runs) == 1  # same formatting: merged into one run


def test_tab_break_cr_symbol_and_hyphens() -> None:
    inner = (
        "<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t>"
        '<w:br w:type="page"/><w:t>e</w:t><w:br w:type="column"/>'
        '<w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="Symbol" w:char="F061"/>'
        "<w:t>x</w:t><w:noBreakHyphen/><w:t>y</w:t><w:softHyphen/><w:t>z</w:t></w:r>"
    )
    doc = read(wx.p(inner=inner))
    assert texts(doc) == ["a\tb\nc\nde✓αx-yz"]


def test_section_properties_are_not_blocks() -> None:
    doc = read(wx.p("Enda stycket"))
    assert texts(doc) == ["Enda stycket"]  # make_docx adds w:sectPr at the end of the body


# --------------------------------------------------------------------------- content controls


def test_block_control_with_placeholder_and_glossary_prompt() -> None:
    body = wx.sdt_block(
        wx.placeholder_paragraph(),
        tag="svar1",
        alias="Svar 1",
        placeholder_part=wx.DEFAULT_DOCPART,
        showing_placeholder=True,
        id=42,
    )
    doc = read(body, glossary={wx.DEFAULT_DOCPART: wx.PROMPT})
    block = doc.blocks[0]
    assert block.text == wx.PROMPT
    assert block.placeholder_text == wx.PROMPT
    assert block.controls == (
        Control(
            id="42",
            tag="svar1",
            alias="Svar 1",
            kind="richText",
            level="block",
            showing_placeholder=True,
            placeholder_part=wx.DEFAULT_DOCPART,
            placeholder_text=wx.PROMPT,
        ),
    )
    assert doc.glossary == {wx.DEFAULT_DOCPART: wx.PROMPT}


def test_showing_placeholder_marks_runs_without_placeholder_style() -> None:
    body = wx.sdt_block(wx.p("Skriv här"), showing_placeholder=True)
    doc = read(body)
    assert doc.blocks[0].runs[0].placeholder is True
    assert doc.blocks[0].placeholder_text == "Skriv här"


def test_filled_control_is_not_placeholder() -> None:
    body = wx.sdt_block(wx.p("Farsta stadsdelsnämnd"), tag="namnd", kind="text")
    block = read(body).blocks[0]
    assert block.text == "Farsta stadsdelsnämnd"
    assert block.placeholder_text == ""
    assert block.control is not None
    assert (block.control.kind, block.control.showing_placeholder) == ("text", False)


def test_showing_placeholder_false_value_is_off() -> None:
    body = (
        '<w:sdt><w:sdtPr><w:showingPlcHdr w:val="0"/></w:sdtPr><w:sdtContent>'
        + wx.p("svar")
        + "</w:sdtContent></w:sdt>"
    )
    assert read(body).blocks[0].controls[0].showing_placeholder is False


def test_nested_block_controls_outermost_first_and_multi_paragraph() -> None:
    inner = wx.sdt_block(wx.p("rad 1") + wx.p("rad 2"), tag="inner")
    body = wx.sdt_block(inner + wx.p("efter"), tag="outer", kind="group")
    doc = read(body)
    assert texts(doc) == ["rad 1", "rad 2", "efter"]
    assert [c.tag for c in doc.blocks[0].controls] == ["outer", "inner"]
    assert [c.kind for c in doc.blocks[1].controls] == ["group", "richText"]
    assert [c.tag for c in doc.blocks[2].controls] == ["outer"]


def test_run_level_control_follows_block_controls() -> None:
    paragraph = wx.p(inner=wx.run("Nämnd: ") + wx.sdt_run(wx.run("Farsta"), tag="namnd"))
    doc = read(wx.sdt_block(paragraph, tag="ram"))
    block = doc.blocks[0]
    assert block.text == "Nämnd: Farsta"
    assert [(c.tag, c.level) for c in block.controls] == [("ram", "block"), ("namnd", "run")]


def test_run_level_placeholder_only_marks_its_own_runs() -> None:
    control = wx.sdt_run(wx.placeholder_run(), showing_placeholder=True)
    block = read(wx.p(inner=wx.run("Telefon: ") + control)).blocks[0]
    assert block.text == "Telefon: " + wx.PROMPT
    assert block.placeholder_text == wx.PROMPT
    assert [r.placeholder for r in block.runs] == [False, True]


def test_placeholder_style_resolved_by_name_not_localized_id() -> None:
    block = read(wx.p(inner=wx.run("Klicka", style=wx.STYLE_PLACEHOLDER))).blocks[0]
    assert wx.STYLE_PLACEHOLDER == "Platshllartext"
    assert block.runs[0].placeholder is True


def test_row_and_cell_level_controls() -> None:
    row = "<w:tr>" + wx.cell("A") + wx.cell("B") + "</w:tr>"
    row_sdt = (
        '<w:sdt><w:sdtPr><w:tag w:val="rad"/><w15:repeatingSectionItem/></w:sdtPr>'
        f"<w:sdtContent>{row}</w:sdtContent></w:sdt>"
    )
    cell_sdt = (
        '<w:sdt><w:sdtPr><w:tag w:val="cellen"/><w:text/></w:sdtPr>'
        f"<w:sdtContent>{wx.cell('C')}</w:sdtContent></w:sdt>"
    )
    body = f"<w:tbl><w:tblGrid/>{row_sdt}<w:tr>{wx.cell('X')}{cell_sdt}</w:tr></w:tbl>"
    doc = read(body)
    assert texts(doc) == ["A", "B", "X", "C"]
    assert [(c.tag, c.level, c.kind) for c in doc.blocks[0].controls] == [
        ("rad", "row", "repeatingSectionItem")
    ]
    assert doc.blocks[2].controls == ()
    assert [(c.tag, c.level, c.kind) for c in doc.blocks[3].controls] == [
        ("cellen", "cell", "text")
    ]
    assert doc.blocks[3].table == TablePos(1, 1, 1, 1, cells=2)  # a cell in a control counts


def test_checkbox_control_state_from_w14_not_glyph() -> None:
    def box(value: str, glyph: str) -> str:
        kind = (
            f'<w14:checkbox><w14:checked w14:val="{value}"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/></w14:checkbox>'
        )
        return wx.p(inner=wx.sdt_run(wx.run(glyph), tag="kryss", kind=kind))

    doc = read(box("1", "☐") + box("0", "☒"))
    assert [b.controls[0].checked for b in doc.blocks] == [True, False]
    assert [b.controls[0].kind for b in doc.blocks] == ["checkbox", "checkbox"]


def test_dropdown_selected_item_by_value_or_display_text() -> None:
    kind = (
        '<w:dropDownList><w:listItem w:displayText="Ja, helt" w:value="1"/>'
        '<w:listItem w:displayText="Nej" w:value="2"/></w:dropDownList>'
    )
    doc = read(
        wx.sdt_block(wx.p("Nej"), kind=kind)
        + wx.sdt_block(wx.p("1"), kind=kind)
        + wx.sdt_block(wx.p("Annat"), kind=kind.replace("dropDownList", "comboBox"))
        + wx.sdt_block(wx.p("Välj ett objekt."), kind=kind, showing_placeholder=True)
    )
    assert [b.controls[0].selected_item for b in doc.blocks] == ["Nej", "Ja, helt", "Annat", None]
    assert [b.controls[0].kind for b in doc.blocks] == [
        "dropDownList",
        "dropDownList",
        "comboBox",
        "dropDownList",
    ]


def test_date_control_value_is_full_date() -> None:
    kind = (
        '<w:date w:fullDate="2022-09-30T00:00:00Z"><w:dateFormat w:val="yyyy-MM-dd"/>'
        '<w:lid w:val="sv-SE"/></w:date>'
    )
    control = read(wx.sdt_block(wx.p("2022-09-30"), kind=kind)).blocks[0].controls[0]
    assert (control.kind, control.date_value) == ("date", "2022-09-30T00:00:00Z")


def test_table_of_contents_control_is_left_out_but_other_doc_parts_kept() -> None:
    toc = (
        '<w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/>'
        "</w:docPartObj>"
    )
    cover = '<w:docPartObj><w:docPartGallery w:val="Cover Pages"/></w:docPartObj>'
    body = (
        wx.sdt_block(wx.p("Innehåll") + wx.p("1. Inledning\t3"), kind=toc)
        + wx.sdt_block(wx.p("Omslag"), kind=cover)
        + wx.p("Text")
    )
    doc = read(body)
    assert texts(doc) == ["Omslag", "Text"]
    assert doc.blocks[0].controls[0].kind == "docPartObj"


# --------------------------------------------------------------------------- tables


def test_tables_flattened_with_positions_and_nesting() -> None:
    nested = wx.table([["inre"]])
    body = wx.table([["Nämnd", "Farsta"], ["Tabell", wx.p("före") + nested + wx.p()]]) + wx.table(
        [["T2"]]
    )
    doc = read(body)
    assert texts(doc) == ["Nämnd", "Farsta", "Tabell", "före", "inre", "", "T2"]
    tables = [b.table for b in doc.blocks]
    assert tables[:5] == [
        TablePos(1, 0, 0, 1, cells=2),
        TablePos(1, 0, 1, 1, cells=2),
        TablePos(1, 1, 0, 1, cells=2),
        TablePos(1, 1, 1, 1, cells=2),
        TablePos(2, 0, 0, 2, cells=1),
    ]
    # the paragraph Word requires after a nested table
    assert tables[5] == TablePos(1, 1, 1, 1, cells=2)
    assert tables[6] == TablePos(3, 0, 0, 1, cells=1)


def test_tracked_row_deletion_is_dropped() -> None:
    deleted = (
        '<w:tr><w:trPr><w:del w:id="1" w:author="A" w:date="2022-01-01T00:00:00Z"/></w:trPr>'
        + wx.cell("borttagen")
        + "</w:tr>"
    )
    body = f"<w:tbl><w:tblGrid/>{deleted}<w:tr>{wx.cell('kvar')}</w:tr></w:tbl>"
    doc = read(body)
    assert texts(doc) == ["kvar"]
    assert doc.blocks[0].table == TablePos(1, 0, 0, 1)


# --------------------------------------------------------------------------- text boxes


def test_text_box_read_once_after_its_anchor() -> None:
    box = wx.textbox(wx.p("I rutan") + wx.p("rad två"))
    doc = read(wx.p(inner=wx.run("Ankare ") + box) + wx.p("Efter"))
    assert texts(doc) == ["Ankare ", "I rutan", "rad två", "Efter"]
    assert [b.in_textbox for b in doc.blocks] == [False, True, True, False]


def test_vml_only_text_box_is_read() -> None:
    vml = (
        '<w:r><w:pict><v:shape id="s1" type="#_x0000_t202"><v:textbox><w:txbxContent>'
        + wx.p("Gammal ruta")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    doc = read(wx.p(inner=vml))
    assert texts(doc) == ["", "Gammal ruta"]
    assert doc.blocks[1].in_textbox


def test_fallback_read_when_choice_holds_nothing() -> None:
    # mc:Choice holds only markup the reader does not know: the Fallback branch is read
    alternate = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="w14">'
        '<w14:shape xmlns:w14="urn:x"/></mc:Choice>'
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        + wx.p("reserv")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    doc = read(wx.p(inner=alternate))
    assert texts(doc) == ["", "reserv"]


def test_control_inside_text_box() -> None:
    inside = wx.sdt_block(wx.placeholder_paragraph(), tag="ruta", showing_placeholder=True)
    doc = read(wx.p(inner=wx.textbox(inside)))
    assert texts(doc) == ["", wx.PROMPT]
    assert doc.blocks[1].control is not None
    assert doc.blocks[1].control.tag == "ruta"
    assert doc.blocks[1].placeholder_text == wx.PROMPT


# --------------------------------------------------------------------------- styles, headings


def test_style_names_not_localized_ids_and_heading_levels() -> None:
    body = (
        wx.p("Rapport", wx.STYLE_TITLE)
        + wx.heading("1. Tillväxt", 1)
        + wx.heading("Fråga", 2)
        + wx.p("Brödtext")
        + wx.p("okänd stil", "FinnsInte")
    )
    doc = read(body)
    assert [b.style for b in doc.blocks] == ["Title", "heading 1", "heading 2", "Normal", "Normal"]
    assert [b.heading_level for b in doc.blocks] == [None, 1, 2, None, None]


def test_outline_level_direct_inherited_and_body_text() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="Fragerubrik"><w:name w:val="Frågerubrik"/>'
        '<w:basedOn w:val="Rubrik2"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Egen"><w:name w:val="Egen"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Arvd"><w:name w:val="Ärvd"/>'
        '<w:basedOn w:val="Egen"/></w:style>'
    )
    direct = '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>Direkt</w:t></w:r></w:p>'
    body_text = (
        '<w:p><w:pPr><w:pStyle w:val="Rubrik1"/><w:outlineLvl w:val="9"/></w:pPr>'
        "<w:r><w:t>Brödtext</w:t></w:r></w:p>"
    )
    doc = read(
        wx.p("Fråga", "Fragerubrik") + wx.p("Ärvd", "Arvd") + direct + body_text, styles=styles
    )
    assert [b.heading_level for b in doc.blocks] == [2, 4, 1, None]
    assert doc.blocks[0].style == "Frågerubrik"


def test_heading_by_builtin_name_without_outline_level() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="berschrift3"><w:name w:val="heading 3"/></w:style>'
    )
    block = read(wx.p("Kapitel", "berschrift3"), styles=styles).blocks[0]
    assert (block.style, block.heading_level) == ("heading 3", 3)


def test_missing_styles_part_gives_normal() -> None:
    data = wx.make_docx(wx.p("Hej", "Rubrik1"))
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != "word/styles.xml":
                target.writestr(info, source.read(info))
    doc = read_package(Package.from_bytes(out.getvalue(), "x.docx"))
    assert [(b.text, b.style, b.heading_level) for b in doc.blocks] == [("Hej", "Normal", None)]


def test_hidden_text_direct_and_inherited_from_styles() -> None:
    styles = (
        '<w:style w:type="character" w:styleId="Dold"><w:name w:val="Dold tecken"/>'
        "<w:rPr><w:vanish/></w:rPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="DoldStycke"><w:name w:val="Dolt stycke"/>'
        "<w:rPr><w:vanish/></w:rPr></w:style>"
    )
    inner = (
        wx.run("synlig")
        + wx.run(" dold", vanish=True)
        + wx.run(" stil", style="Dold")
        + "<w:r><w:rPr><w:webHidden/></w:rPr><w:t>7</w:t></w:r>"
    )
    doc = read(wx.p(inner=inner) + wx.p("helt dolt", "DoldStycke") + wx.p("sist"), styles=styles)
    assert texts(doc) == ["synlig", "sist"]


def test_run_unhides_text_of_hidden_paragraph_style() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="DoldStycke"><w:name w:val="Dolt stycke"/>'
        "<w:rPr><w:vanish/></w:rPr></w:style>"
    )
    inner = '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>syns</w:t></w:r>' + wx.run("dold")
    doc = read(wx.p(inner=inner, style="DoldStycke"), styles=styles)
    assert texts(doc) == ["syns"]


# --------------------------------------------------------------------------- formatting


def test_bold_from_direct_character_style_and_paragraph_style() -> None:
    styles = (
        '<w:style w:type="character" w:styleId="Stark"><w:name w:val="Strong"/>'
        "<w:rPr><w:b/></w:rPr></w:style>"
        '<w:style w:type="paragraph" w:styleId="Fet"><w:name w:val="Fet fråga"/>'
        "<w:rPr><w:b/></w:rPr></w:style>"
    )
    off = '<w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t> inte</w:t></w:r>'
    doc = read(
        wx.p("direkt", bold=True)
        + wx.p(inner=wx.run("stil", style="Stark"))
        + wx.p("stycke", "Fet")
        + wx.p(inner=wx.run("Fet") + off, style="Fet")
        + wx.p(inner=wx.run("fet", bold=True) + wx.run(" ") + wx.run("fet", bold=True)),
        styles=styles,
    )
    assert [b.bold for b in doc.blocks] == [True, True, True, False, True]
    assert [(r.text, r.bold) for r in doc.blocks[3].runs] == [("Fet", True), (" inte", False)]


def test_italic_underline_strike_runs_merge_only_when_equal() -> None:
    inner = (
        "<w:r><w:rPr><w:i/></w:rPr><w:t>kursiv</w:t></w:r>"
        "<w:r><w:rPr><w:i/></w:rPr><w:t>!</w:t></w:r>"
        '<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>under</w:t></w:r>'
        '<w:r><w:rPr><w:u w:val="none"/></w:rPr><w:t>inte</w:t></w:r>'
        "<w:r><w:rPr><w:strike/></w:rPr><w:t>struken</w:t></w:r>"
    )
    runs = read(wx.p(inner=inner)).blocks[0].runs
    assert [(r.text, r.italic, r.underline, r.strike) for r in runs] == [
        ("kursiv!", True, False, False),
        ("under", False, True, False),
        ("inte", False, False, False),
        ("struken", False, False, True),
    ]


def test_external_hyperlink_and_anchor() -> None:
    inner = (
        wx.run("Se ")
        + wx.hyperlink("rId100", "stockholm.se")
        + '<w:hyperlink w:anchor="bilaga"><w:r><w:t> bilaga</w:t></w:r></w:hyperlink>'
    )
    doc = read(wx.p(inner=inner), hyperlinks={"rId100": "https://start.stockholm/"})
    runs = doc.blocks[0].runs
    assert [(r.text, r.link) for r in runs] == [
        ("Se ", None),
        ("stockholm.se", "https://start.stockholm/"),
        (" bilaga", "#bilaga"),
    ]
    assert runs[1].underline  # from the Hyperlink character style


def test_hyperlink_field_result_gets_link() -> None:
    inner = wx.field('HYPERLINK "https://example.se/x" \\o "tips"', "länktext")
    runs = read(wx.p(inner=inner)).blocks[0].runs
    assert [(r.text, r.link) for r in runs] == [("länktext", "https://example.se/x")]


# --------------------------------------------------------------------------- numbering


def test_numbering_direct_and_through_style() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="Punkt"><w:name w:val="Punktlista"/>'
        '<w:basedOn w:val="Liststycke"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr>'
        "</w:style>"
    )
    body = (
        wx.numbered("punkt", wx.BULLET_NUM_ID)
        + wx.numbered("under", wx.DECIMAL_NUM_ID, 1)
        + wx.p("via stil", "Punkt")
        + wx.p("avstängd", num=(0, 0))
        + wx.p("okänd lista", num=(77, 0))
        + wx.p("ingen")
    )
    doc = read(body, numbering=wx.DEFAULT_NUMBERING, styles=styles)
    assert [(b.list_level, b.num_id, b.list_format) for b in doc.blocks] == [
        (0, "1", "bullet"),
        (1, "2", "lowerLetter"),
        (0, "2", "decimal"),
        (None, None, None),
        (None, None, None),
        (None, None, None),
    ]
    assert doc.blocks[0].style == "List Paragraph"


def test_numbering_level_override() -> None:
    numbering = wx.DEFAULT_NUMBERING.replace(
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>',
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
        '<w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/></w:lvl></w:lvlOverride></w:num>',
    )
    block = read(wx.numbered("ett", 2), numbering=numbering).blocks[0]
    assert block.list_format == "upperRoman"


def test_title_style_is_no_heading_even_with_outline_level() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="Titel2"><w:name w:val="Title"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    )
    doc = read(wx.p("Rapport", "Titel2"), styles=styles)
    assert (doc.blocks[0].style, doc.blocks[0].heading_level) == ("Title", None)


def test_ruby_reads_base_text_only() -> None:
    ruby = (
        "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>かん</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>漢</w:t></w:r></w:rubyBase></w:ruby></w:r>"
    )
    assert texts(read(wx.p(inner=ruby + wx.run("字")))) == ["漢字"]


def test_image_description_and_nested_run_controls() -> None:
    png = bytes.fromhex("89504e470d0a1a0a")
    image = wx.inline_image("rId200").replace('name="Bild 1"/>', 'name="Bild 1" descr="Karta"/>')
    inner = wx.sdt_run(wx.run("a") + wx.sdt_run(wx.run("b"), tag="inre"), tag="yttre")
    doc = read(wx.p(inner=image + inner), images={"rId200": png})
    block = doc.blocks[0]
    assert block.runs[0].image is not None
    assert block.runs[0].image.description == "Karta"
    assert [(c.tag, c.level) for c in block.controls] == [("yttre", "run"), ("inre", "run")]
    assert block.text == "ab"


def test_math_text_is_read() -> None:
    math = (
        '<m:oMath><m:r><m:t>x</m:t></m:r><m:r><w:rPr><w:rFonts w:ascii="Cambria Math"/></w:rPr>'
        "<m:t>=2</m:t></m:r></m:oMath>"
    )
    assert texts(read(wx.p(inner=wx.run("Svar: ") + math))) == ["Svar: x=2"]
