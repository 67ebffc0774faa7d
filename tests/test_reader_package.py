"""Reader tests: parts outside the body, package variants, properties, images, language."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import wordxml as wx
from conftest import FIXTURES, read_bytes, texts
from conftest import read_body as read

from docxmerge.docx.reader import read_docx
from docxmerge.model import CoreProperties, UnreadableError

# A 1x1 transparent PNG
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def rewrite(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """Copy a zip, replacing (bytes) or dropping (None) the named members."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in change:
                target.writestr(info, source.read(info))
            elif (replacement := change[info.filename]) is not None:
                target.writestr(info, replacement)
    return out.getvalue()


# --------------------------------------------------------------------------- outside the body


def test_comments_headers_footers_and_footnotes_stay_out_of_the_body() -> None:
    body = wx.p(inner=wx.commented(wx.run("Svar"), "0") + wx.footnote_ref("1"))
    doc = read(
        body,
        comments=[("0", "Granskare", "Utveckla gärna")],
        header=wx.p("Sidhuvud: Stockholms stad"),
        footer=wx.p("Sidfot 2022"),
        footnotes=[("1", "Fotnotens text")],
    )
    assert texts(doc) == ["Svar"]
    assert doc.comments == ("Utveckla gärna",)
    assert doc.headers_footers == ("Sidhuvud: Stockholms stad", "Sidfot 2022")


# --------------------------------------------------------------------------- package variants


def test_strict_ooxml_is_read() -> None:
    body = wx.heading("Fråga", 2) + wx.sdt_block(wx.p("Svar"), tag="s1", kind="text")
    doc = read(body, strict=True, hyperlinks={})
    assert texts(doc) == ["Fråga", "Svar"]
    assert doc.blocks[0].heading_level == 2
    assert doc.blocks[1].controls[0].tag == "s1"


def test_byte_order_mark_on_main_part() -> None:
    assert texts(read(wx.p("Med BOM"), bom=True)) == ["Med BOM"]


def test_renamed_main_part_found_through_package_relationships() -> None:
    doc = read(wx.p("Annat namn"), main_part="word/document2.xml")
    assert texts(doc) == ["Annat namn"]


def test_alt_chunk_is_reported_not_read() -> None:
    doc = read(wx.p("före") + '<w:altChunk r:id="rId999"/>' + wx.p("efter"))
    assert texts(doc) == ["före", "efter"]
    assert [m.code for m in doc.messages] == ["alt_chunk_skipped"]


def test_truncated_file_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "avbruten.docx"
    path.write_bytes(wx.make_docx(wx.p("x"))[:-200])
    with pytest.raises(UnreadableError) as caught:
        read_docx(path)
    assert caught.value.code == "damaged"


def test_read_docx_from_path(tmp_path: Path) -> None:
    path = tmp_path / "svar.docx"
    path.write_bytes(wx.make_docx(wx.p("från fil")))
    assert texts(read_docx(path)) == ["från fil"]


# --------------------------------------------------------------------------- core properties


def test_core_properties() -> None:
    core = {
        "title": "Uppföljning näringsliv",
        "creator": "Kersti",
        "lastModifiedBy": "Bo",
        "created": "2022-08-01T08:00:00Z",
        "modified": "2022-09-02T10:15:00Z",
    }
    doc = read(wx.p("x"), core=core)
    assert doc.properties == CoreProperties(
        title="Uppföljning näringsliv",
        subject=None,
        author="Kersti",
        last_modified_by="Bo",
        created="2022-08-01T08:00:00Z",
        modified="2022-09-02T10:15:00Z",
    )
    assert doc.messages == ()


def test_invalid_core_date_becomes_none_with_message() -> None:
    doc = read(wx.p("x"), core={"created": "2014aaa-10-28T11:34:00Z"})
    assert doc.properties.created is None
    assert doc.properties.modified == wx.FIXED_DATE
    assert [(m.code, m.location) for m in doc.messages] == [
        ("invalid_core_date", "docProps/core.xml")
    ]


def test_missing_core_part_gives_empty_properties() -> None:
    data = rewrite(wx.make_docx(wx.p("x")), {"docProps/core.xml": None})
    doc = read_bytes(data)
    assert doc.properties == CoreProperties()
    assert texts(doc) == ["x"]


def test_broken_comments_part_is_skipped_with_message() -> None:
    data = wx.make_docx(wx.p("x"), comments=[("0", "A", "kommentar")])
    doc = read_bytes(rewrite(data, {"word/comments.xml": b"<w:comments><broken"}))
    assert texts(doc) == ["x"]
    assert doc.comments == ()
    assert [m.code for m in doc.messages] == ["part_skipped"]


# --------------------------------------------------------------------------- images


def test_internal_image_becomes_an_image_run() -> None:
    doc = read(
        wx.p(inner=wx.run("Bild: ") + wx.inline_image("rId200", cx=12700, cy=25400)),
        images={"rId200": PNG},
    )
    runs = doc.blocks[0].runs
    assert doc.blocks[0].text == "Bild: "
    assert [r.text for r in runs] == ["Bild: ", ""]
    image = runs[1].image
    assert image is not None
    assert (image.content_type, image.data, image.width_emu, image.height_emu) == (
        "image/png",
        PNG,
        12700,
        25400,
    )


def test_external_image_is_never_fetched() -> None:
    linked = wx.inline_image("rId300").replace('r:embed="rId300"', 'r:link="rId300"')
    doc = read(wx.p(inner=linked), hyperlinks={"rId300": "http://example.invalid/x.png"})
    assert doc.blocks[0].runs == ()


# --------------------------------------------------------------------------- language


def test_language_from_doc_defaults() -> None:
    assert read(wx.p("x"), lang="sv-SE").language == "sv-SE"


def test_language_falls_back_to_most_common_run_language() -> None:
    data = wx.make_docx(
        wx.p(inner='<w:r><w:rPr><w:lang w:val="da-DK"/></w:rPr><w:t>hej</w:t></w:r>') * 2
        + wx.p(inner='<w:r><w:rPr><w:lang w:val="sv-SE"/></w:rPr><w:t>hej</w:t></w:r>')
    )
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")
    without_lang = styles.replace(b'<w:lang w:val="sv-SE" w:eastAsia="en-US" w:bidi="ar-SA"/>', b"")
    assert without_lang != styles
    doc = read_bytes(rewrite(data, {"word/styles.xml": without_lang}))
    assert doc.language == "da-DK"


def test_damaged_image_is_left_out_with_message() -> None:
    data = wx.make_docx(
        wx.p(inner=wx.run("Bild") + wx.inline_image("rId200")), images={"rId200": PNG}
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            info.compress_type = zipfile.ZIP_STORED
            target.writestr(info, content)
    stored = out.getvalue()
    position = stored.index(PNG) + len(PNG) - 1
    corrupted = stored[:position] + bytes([stored[position] ^ 0xFF]) + stored[position + 1 :]
    doc = read_bytes(corrupted)
    assert texts(doc) == ["Bild"]
    assert [r.image for r in doc.blocks[0].runs] == [None]
    assert [m.code for m in doc.messages] == ["image_skipped"]


# --------------------------------------------------------------------------- main part types

MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def with_main_content_type(data: bytes, content_type: str) -> bytes:
    """The package with its main part declared as ``content_type`` (as Word saves .docm/.dotx)."""
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    assert types.count(DOCUMENT_MAIN.encode()) == 1
    return rewrite(
        data, {"[Content_Types].xml": types.replace(DOCUMENT_MAIN.encode(), content_type.encode())}
    )


FORM_BODY = (
    wx.heading("1. Stimulera tillväxt", 2)
    + wx.p("Beskriv samverkan.", bold=True)
    + wx.sdt_block(wx.p("Vi träffar företagen varje månad."), tag="s11")
    + wx.sdt_block(wx.placeholder_paragraph())
)


@pytest.mark.parametrize(
    ("suffix", "content_type"), [(".docm", MACRO_MAIN), (".dotx", TEMPLATE_MAIN)]
)
def test_macro_enabled_and_template_forms_are_read(
    tmp_path: Path, suffix: str, content_type: str
) -> None:
    path = tmp_path / f"formulär{suffix}"
    path.write_bytes(with_main_content_type(wx.make_docx(FORM_BODY), content_type))
    doc = read_docx(path)
    assert texts(doc) == [
        "1. Stimulera tillväxt",
        "Beskriv samverkan.",
        "Vi träffar företagen varje månad.",
        wx.PROMPT,
    ]
    assert doc.blocks[0].heading_level == 2
    assert doc.blocks[2].controls[0].tag == "s11"
    assert [r.placeholder for r in doc.blocks[3].runs] == [True]


def test_strict_ooxml_gives_the_same_blocks_as_transitional() -> None:
    body = (
        FORM_BODY
        + wx.table([[wx.p("A1"), wx.p("B1")]])
        + wx.p(inner=wx.run("fet", bold=True) + wx.run("\tmed tabb"))
    )
    transitional = read(body)
    strict = read(body, strict=True)
    assert texts(transitional)[-3:] == ["A1", "B1", "fet\tmed tabb"]
    assert strict.blocks == transitional.blocks
    assert strict.language == transitional.language == "sv-SE"


def test_shared_results_keep_a_bounded_number_and_never_uncached_ones() -> None:
    from docxmerge.docx.part_cache import UNCACHED, SharedResults

    results = SharedResults(2)
    results.put(("styles", UNCACHED), "huge")
    assert len(results) == 0
    for name in ("a", "b", "c"):
        results.put(("styles", name.encode()), name)
    assert (results.get(("styles", b"a")), results.get(("styles", b"c"))) == (None, "c")
    assert len(results) == 2


def test_shared_parts_are_remembered_by_their_stored_bytes() -> None:
    """Forms with other styles or headers get their own results, never a remembered one."""
    heading = wx.p("Fråga", style="Egen1")
    own = '<w:style w:type="paragraph" w:styleId="Egen1"><w:name w:val="Egen"/></w:style>'
    first = read(heading, header=wx.p("Sidhuvud A"))
    second = read(heading, styles=own, header=wx.p("Sidhuvud B"))
    third = read(heading, header=wx.p("Sidhuvud A"))
    assert [doc.blocks[0].style for doc in (first, second, third)] == ["Normal", "Egen", "Normal"]
    assert [doc.headers_footers for doc in (first, second, third)] == [
        ("Sidhuvud A",),
        ("Sidhuvud B",),
        ("Sidhuvud A",),
    ]


def test_a_document_read_leaves_no_reference_cycles() -> None:
    """Its blocks and package are freed when it is dropped, not at a later garbage collection
    (a batch run would otherwise hold many documents at once)."""
    import gc

    forms = sorted((Path(__file__).parent.parent / "fixtures" / "inbox").glob("*T2*.docx"))
    assert forms
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for form in forms:
            document = read_docx(form)
            assert document.blocks
            del document
        gc.collect()
        garbage = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert garbage == []


def _with_local_name_damaged(data: bytes, member: str) -> bytes:
    """The zip with one byte of ``member``'s name changed in its local header only."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    at = info.header_offset + 30  # the name follows the 30-byte local header (APPNOTE 4.3.7)
    assert data[at : at + len(member)] == member.encode()
    return data[:at] + b"X" + data[at + 1 :]


def test_a_remembered_part_is_never_read_where_a_fresh_read_would_fail() -> None:
    """What a form's shared parts gave is remembered by their stored bytes; a file whose copy
    of those bytes zipfile would refuse (here: its local header names another part) must fail
    as it does when read first, whatever was read before it."""
    from docxmerge.docx.package import Limits
    from docxmerge.docx.reader import read_docx_bytes

    intact = (FIXTURES / "inbox" / "Bromma stadsdelsnämnd T2.docx").read_bytes()
    damaged_types = _with_local_name_damaged(intact, "[Content_Types].xml")
    damaged_styles = _with_local_name_damaged(intact, "word/styles.xml")
    read_docx_bytes(intact, "intact.docx")  # its parts are remembered now
    with pytest.raises(UnreadableError) as caught:
        read_docx_bytes(damaged_types, "types.docx")
    assert caught.value.code == "damaged"
    doc = read_docx_bytes(damaged_styles, "styles.docx")
    assert [m.code for m in doc.messages] == ["part_skipped"]
    # the limits are part of what is remembered, and remembered parts count against them
    with pytest.raises(UnreadableError) as caught:
        read_docx_bytes(intact, "small.docx", Limits(max_part_bytes=20_000))
    assert caught.value.code == "too_large"
    document_xml = zipfile.ZipFile(io.BytesIO(intact)).getinfo("word/document.xml").file_size
    tight = Limits(max_xml_bytes=document_xml + 10_000)  # the body fits, the styles do not
    for _ in range(2):  # read afresh, then with every part remembered
        with pytest.raises(UnreadableError) as caught:
            read_docx_bytes(intact, "tight.docx", tight)
        assert caught.value.code == "too_large"
