"""The reader on real files from public projects (../shared/corpus/files).

Every file is either read into a Document or refused with an UnreadableError code; a handful of
facts checked by hand against the XML of specific files are asserted exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docxmerge.docx.reader import read_docx
from docxmerge.model import Document, FormField, UnreadableError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "files"
WORD_SUFFIXES = (".docx", ".dotx", ".docm")


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in WORD_SUFFIXES)


needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"real-world corpus not found at {CORPUS}"
)


def read(name: str) -> Document:
    return read_docx(CORPUS / name)


def texts(doc: Document) -> list[str]:
    return [block.text for block in doc.blocks]


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_file_reads_or_is_refused_with_a_code(path: Path) -> None:
    try:
        doc = read_docx(path)
    except UnreadableError as error:
        assert error.code != "internal_error", error.detail
        assert error.code
        return
    assert [b.index for b in doc.blocks] == list(range(len(doc.blocks)))


@needs_corpus
def test_encrypted_file_is_refused() -> None:
    with pytest.raises(UnreadableError) as caught:
        read("oxsdk__document_with_password.docx")
    assert caught.value.code == "encrypted"


@needs_corpus
def test_strict_file_reads_lists_and_table() -> None:
    doc = read("d2p__strict.docx")
    assert texts(doc)[:8] == [
        "Bullet1",
        "Bullet2",
        "Number1",
        "Number2",
        "Cellaa",
        "Cellab",
        "Cellba",
        "Cellbb",
    ]
    assert [b.list_format for b in doc.blocks[:4]] == ["bullet", "bullet", "decimal", "decimal"]
    assert doc.blocks[7].table is not None
    assert (doc.blocks[7].table.row, doc.blocks[7].table.cell) == (1, 1)


@needs_corpus
def test_renamed_main_part_reads_with_hyperlink() -> None:
    doc = read("d2p__renamed_document_xml.docx")
    assert texts(doc) == ["This is a link to my website."]
    assert any(run.link for run in doc.blocks[0].runs)


@needs_corpus
@pytest.mark.parametrize(
    ("name", "box_text"),
    [
        ("mammothjs__text-box.docx", "Datum plane"),
        ("docx4j__textbox_alternates_contrived.docx", "A text box"),
        ("docx4j__textbox.docx", "v:textbox/w:txbxContent"),
    ],
)
def test_text_box_text_appears_once(name: str, box_text: str) -> None:
    doc = read(name)
    found = [b for b in doc.blocks if b.text == box_text]
    assert len(found) == 1
    assert found[0].in_textbox
    # the contrived file's mc:Fallback says "v:textbox": only mc:Choice is read
    assert "v:textbox" not in texts(read("docx4j__textbox_alternates_contrived.docx"))


@needs_corpus
def test_deleted_text_inside_control_is_absent() -> None:
    doc = read("oxpt__RP004-Deleted-Text-in-CC.docx")
    assert texts(doc) == [
        "Video a powerful way to help you prove your point. When you click Online Video, you "
        "can paste in the embed code for the video you want to add. You can also type a keyword "
        "to search online for the video that best fits your document."
    ]
    assert doc.blocks[0].controls[0].tag == "Test"


@needs_corpus
def test_move_from_inside_control_is_absent_move_to_kept() -> None:
    doc = read("oxpt__RP018-MoveFrom-MoveTo-CC.docx")
    assert texts(doc) == [
        "Video provides a powerful way.",
        "You can also type a keyword.",
        "To make your document look.",
        "When you click Online Video.",
        " For example, you can add.",
    ]
    assert len(doc.blocks[3].controls) == 1


@needs_corpus
def test_placeholder_control_with_glossary_prompt() -> None:
    doc = read("oxsdk__simpleSdt.docx")
    control = doc.blocks[0].controls[0]
    assert (control.tag, control.alias, control.showing_placeholder) == ("sdt", "SDT1", True)
    assert control.placeholder_text == "Click here to enter text."
    assert doc.blocks[0].placeholder_text == "Click here to enter text."


@needs_corpus
def test_checkboxes_and_dropdowns_controls_and_legacy() -> None:
    doc = read("d2p__check_drop_my.docx")
    rows = [
        (b.text, [(c.kind, c.checked, c.selected_item) for c in b.controls], b.form_fields)
        for b in doc.blocks
        if b.controls or b.form_fields
    ]
    assert rows == [
        (
            "[user unchecked]☐[user unchecked]",
            [],
            (FormField("checkbox", None, "☐", False, offset=16),),
        ),
        (
            "[user checked]☒[user checked]",
            [],
            (FormField("checkbox", "Check1", "☒", True, offset=14),),
        ),
        ("[my unchecked]☐[my unchecked]", [("checkbox", False, None)], ()),
        ("[my checked]☒[my checked]", [("checkbox", True, None)], ()),
        (
            "Piihan B",
            [],
            (FormField("dropdown", "Dropdown2", "Piihan B", items=("Piihan B", "PIlihan A")),),
        ),
        ("Choose an item.", [("dropDownList", None, None)], ()),
        ("my_item_A", [("dropDownList", None, "my_item_A")], ()),
        ("my_item_B", [("dropDownList", None, "my_item_B")], ()),
    ]
    # where a run-level checkbox sits in its paragraph, and a list control's items
    offsets = [c.offset for b in doc.blocks for c in b.controls if c.kind == "checkbox"]
    assert offsets == [14, 12]
    items = {c.items for b in doc.blocks for c in b.controls if c.kind == "dropDownList"}
    assert items == {("Choose an item.", "my_item_A", "my_item_B")}


@needs_corpus
def test_legacy_form_fields_untouched() -> None:
    doc = read("docx4j__LegacyForms.docx")
    fields = [f for b in doc.blocks for f in b.form_fields]
    assert fields == [
        FormField("text", "Text1", "", offset=16),  # after "Text form field "
        FormField("checkbox", "Check1", "☐", False, offset=9),
        FormField("dropdown", "Dropdown1", "", offset=10),
    ]
    assert texts(doc)[1] == "Text form field "


@needs_corpus
def test_invalid_core_dates_become_none_with_messages() -> None:
    doc = read("oxsdk__BadDocProps.docx")
    assert (doc.properties.created, doc.properties.modified) == (None, None)
    assert doc.properties.author == "Eric White"
    assert [m.code for m in doc.messages] == ["invalid_core_date", "invalid_core_date"]


@needs_corpus
def test_localized_heading_style_ids() -> None:
    german = read("dcomp__content_controls.docx")
    assert (german.blocks[0].style, german.blocks[0].heading_level) == ("heading 1", 1)
    russian = read("docx4j__Docx4j_Russian.docx")
    headings = [(b.heading_level, b.text) for b in russian.blocks if b.heading_level][:2]
    assert headings == [(1, "Введение в docx4j"), (1, "Введение в Open XML")]


@needs_corpus
def test_alt_chunk_reported_and_comment_kept_apart() -> None:
    doc = read("oxpt__CA009-altChunk.docx")
    assert texts(doc) == ["Test Heading", "This is the first paragraph.", "Document: Test.docx"]
    assert doc.comments == ("Comment in Test.docx",)
    assert [m.code for m in doc.messages] == ["alt_chunk_skipped"]


@needs_corpus
def test_repeating_section_checkboxes_in_cells() -> None:
    doc = read("oxpt__HC006-Test-01.docx")
    boxes = [c for b in doc.blocks for c in b.controls if c.kind == "checkbox"]
    assert (len(boxes), sum(1 for c in boxes if c.checked)) == (21, 1)
    assert {c.level for c in boxes} == {"cell"}
    assert doc.headers_footers == ("Page 3",)


@needs_corpus
def test_strict_copy_reads_like_its_transitional_original() -> None:
    # Strict Word writes text boxes as wne:txbxContent and keeps a Strict math namespace
    transitional = texts(read("oxsdk__Complex01.docx"))
    strict = texts(read("oxsdk__Strict01.docx"))
    assert strict == transitional
    assert "Here is a text box." in strict
    assert "This is my interesting abstract." in strict


@needs_corpus
def test_data_bound_controls_carry_their_store_value() -> None:
    doc = read("docx4j__invoice2013.docx")
    bound = {
        c.tag: c.bound_value
        for b in doc.blocks
        for c in b.controls
        if c.bound_value is not None and c.tag
    }
    assert bound["/invoice[1]/invoicedate[1]"] == "2015-01-29T00:00:00"
    texts_and_values = [
        (b.text, c.bound_value) for b in doc.blocks for c in b.controls if c.bound_value
    ]
    assert ("John Citizen", "John Citizen") in texts_and_values
    assert ("Contozo Inc", "Contozo Inc") in texts_and_values
