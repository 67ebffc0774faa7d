"""Tests for fixtures/wordxml.py: packages open, are deterministic and look like Word's."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import build_fixtures as bf
import docx
import pytest
import wordxml as wx
from lxml import etree

W = wx.W


def sample_body() -> str:
    return (
        wx.p("UPPFÖLJNINGSRAPPORT", wx.STYLE_TITLE)
        + wx.heading("1. Stimulera tillväxt", 2)
        + wx.p("Beskriv samverkan.", bold=True)
        + wx.sdt_block(
            wx.placeholder_paragraph(),
            placeholder_part=wx.DEFAULT_DOCPART,
            showing_placeholder=True,
        )
        + wx.sdt_block(wx.p("Svar här."), tag="namnd", alias="Nämnd", kind="text")
        + wx.numbered("punkt", wx.BULLET_NUM_ID)
        + wx.p(inner=wx.run("rad1\nrad2\tflik") + wx.hyperlink("rId100", "länk"))
        + wx.table([["Nämnd", "Farsta"], ["Telefon", "08-123"]])
        + wx.p(inner=wx.ins(wx.run("ny"), "A") + wx.delete("gammal", "A"))
        + wx.p(inner=wx.field("DATE \\@ yyyy-MM-dd", "2022-09-01"))
        + wx.p(inner=wx.commented(wx.run("kommenterad"), "0"))
        + wx.p(inner=wx.textbox(wx.p("i rutan")))
    )


def build(**kwargs: object) -> bytes:
    return wx.make_docx(
        sample_body(),
        numbering=wx.DEFAULT_NUMBERING,
        glossary={wx.DEFAULT_DOCPART: wx.PROMPT},
        comments=[("0", "Anna Berg", "Stämmer detta?")],
        header=wx.p("Stockholms stad", wx.STYLE_HEADER),
        footer=wx.p(inner=wx.field("PAGE", "1"), style=wx.STYLE_FOOTER),
        footnotes=[("1", "En fotnot.")],
        hyperlinks={"rId100": "https://start.stockholm/"},
        **kwargs,  # type: ignore[arg-type]
    )


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def test_opens_with_python_docx_and_text_is_there() -> None:
    document = docx.Document(io.BytesIO(build()))
    texts = [para.text for para in document.paragraphs]
    assert texts[0] == "UPPFÖLJNINGSRAPPORT"
    assert document.paragraphs[0].style.name == "Title"
    # python-docx shows built-in names capitalised ("heading 2" -> "Heading 2").
    assert document.paragraphs[1].style.name == "Heading 2"
    root = etree.fromstring(part(build(), "word/document.xml"))
    body_text = "".join(t.text or "" for t in root.iter(f"{{{W}}}t"))
    assert "Svar här." in body_text
    assert body_text.count("i rutan") == 2
    assert document.tables[0].cell(0, 1).text == "Farsta"
    assert document.sections[0].header.paragraphs[0].text == "Stockholms stad"


def test_deterministic_bytes() -> None:
    assert build() == build()
    assert wx.make_docx(wx.p("x")) == wx.make_docx(wx.p("x"))


def test_zip_members_have_fixed_timestamps_and_order() -> None:
    with zipfile.ZipFile(io.BytesIO(build())) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos[:3]] == [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
    ]
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in infos)


def test_document_declares_word_namespaces() -> None:
    root = etree.fromstring(part(build(), "word/document.xml"))
    for prefix in ["w", "r", "w14", "w15", "mc", "wp", "a", "pic", "v", "o", "wps", "wpg"]:
        assert root.nsmap[prefix] == wx.WORD_NAMESPACES[prefix]
    assert root.get(f"{{{wx.WORD_NAMESPACES['mc']}}}Ignorable") == wx.IGNORABLE
    paras = root.findall(f".//{{{W}}}p")
    ids = [para.get(f"{{{wx.WORD_NAMESPACES['w14']}}}paraId") for para in paras]
    assert all(ids) and len(set(ids)) == len(ids)


def test_styles_are_swedish_with_lang() -> None:
    root = etree.fromstring(part(build(), "word/styles.xml"))
    ns = {"w": W}
    names = {
        s.get(f"{{{W}}}styleId"): s.find("w:name", ns).get(f"{{{W}}}val")
        for s in root.findall("w:style", ns)
    }
    assert names["Rubrik1"] == "heading 1"
    assert names["Rubrik3"] == "heading 3"
    assert names["Rubrik"] == "Title"
    assert names["Liststycke"] == "List Paragraph"
    assert names["Platshllartext"] == "Placeholder Text"
    assert names["Hyperlnk"] == "Hyperlink"
    lang = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", ns)
    assert lang.get(f"{{{W}}}val") == "sv-SE"
    outline = root.find("w:style[@w:styleId='Rubrik2']/w:pPr/w:outlineLvl", ns)
    assert outline.get(f"{{{W}}}val") == "1"


def test_styles_carry_words_whole_latent_style_list() -> None:
    """Word 2016 writes an lsdException for each of its built-in styles (~30 KB of styles.xml)."""
    root = etree.fromstring(part(build(), "word/styles.xml"))
    latent = root.find(f"{{{W}}}latentStyles")
    names = [e.get(f"{{{W}}}name") for e in latent.iter(f"{{{W}}}lsdException")]
    assert len(names) == len(set(names)) == int(latent.get(f"{{{W}}}count")) == 375
    assert names[:3] == ["Normal", "heading 1", "heading 2"]
    assert names[-1] == "Smart Link" and "List Table 7 Colorful Accent 6" in names
    assert len(part(build(), "word/styles.xml")) > 30_000


def test_glossary_reached_through_relationship() -> None:
    data = build()
    rels = etree.fromstring(part(data, "word/_rels/document.xml.rels"))
    by_type = {r.get("Type").rsplit("/", 1)[1]: r for r in rels}
    assert by_type["glossaryDocument"].get("Target") == "glossary/document.xml"
    assert by_type["hyperlink"].get("TargetMode") == "External"
    assert by_type["hyperlink"].get("Id") == "rId100"
    ids = [r.get("Id") for r in rels]
    assert len(set(ids)) == len(ids)
    glossary = etree.fromstring(part(data, "word/glossary/document.xml"))
    ns = {"w": W}
    name = glossary.find(".//w:docPartPr/w:name", ns).get(f"{{{W}}}val")
    assert name == wx.DEFAULT_DOCPART
    text = "".join(glossary.find(".//w:docPartBody", ns).itertext())
    assert text == wx.PROMPT
    assert glossary.find(".//w:docPartPr/w:guid", ns) is not None


def test_sdt_properties_in_schema_order() -> None:
    xml = wx.sdt_block(
        wx.p("a"),
        tag="t",
        alias="A",
        kind="text",
        placeholder_part="X",
        showing_placeholder=True,
        id=5,
    )
    assert xml.startswith(
        '<w:sdt><w:sdtPr><w:alias w:val="A"/><w:tag w:val="t"/><w:id w:val="5"/>'
        '<w:placeholder><w:docPart w:val="X"/></w:placeholder><w:showingPlcHdr/><w:text/>'
    )


def test_run_helpers_write_breaks_tabs_and_deleted_text() -> None:
    assert wx.run("a\nb\tc") == "<w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:tab/><w:t>c</w:t></w:r>"
    assert "<w:delText>gammal</w:delText>" in wx.delete("gammal", "A")
    assert wx.run(" x") == '<w:r><w:t xml:space="preserve"> x</w:t></w:r>'


def test_textbox_has_both_branches() -> None:
    xml = wx.textbox(wx.p("i rutan"))
    assert xml.count("i rutan") == 2
    assert '<mc:Choice Requires="wps">' in xml and "<v:textbox" in xml


@pytest.mark.parametrize("main_part", ["word/document.xml", "word/document2.xml"])
def test_main_part_name_and_bom(main_part: str) -> None:
    data = wx.make_docx(wx.p("x"), main_part=main_part, bom=True)
    assert part(data, main_part).startswith(b"\xef\xbb\xbf<?xml")
    package_rels = part(data, "_rels/.rels").decode()
    assert f'Target="{main_part}"' in package_rels
    name = main_part.rsplit("/", 1)[1]
    assert part(data, f"word/_rels/{name}.rels")
    if main_part == "word/document.xml":
        assert docx.Document(io.BytesIO(data)).paragraphs[0].text == "x"


def test_strict_uses_purl_namespaces_everywhere() -> None:
    data = wx.make_docx(wx.p("x"), strict=True, glossary={"G": wx.PROMPT})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode()
            assert "schemas.openxmlformats.org/wordprocessingml" not in text, name
            assert "schemas.openxmlformats.org/officeDocument/2006/relationships" not in text, name
    root = etree.fromstring(part(data, "word/document.xml"))
    assert root.tag == "{http://purl.oclc.org/ooxml/wordprocessingml/main}document"


# --------------------------------------------------------------------------- built fixtures

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MC_FALLBACK = f"{{{wx.WORD_NAMESPACES['mc']}}}Fallback"
NS = {"w": W}


def own_text(para: etree._Element) -> str:
    """Accepted-view text of one paragraph, without nested text-box paragraphs.

    A deliberately small reference reader: drops w:del, w:vanish runs and the VML fallback.
    """
    out = []
    for node in para.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
        ancestors = list(node.iterancestors())
        nearest_p = next(a for a in ancestors if a.tag == f"{{{W}}}p")
        if nearest_p is not para or any(a.tag == MC_FALLBACK for a in ancestors):
            continue
        if any(a.tag == f"{{{W}}}del" for a in ancestors):
            continue
        run_el = next(a for a in ancestors if a.tag == f"{{{W}}}r")
        if run_el.find("w:rPr/w:vanish", NS) is not None:
            continue
        if node.tag == f"{{{W}}}t":
            out.append(node.text or "")
        else:
            out.append("\t" if node.tag.endswith("tab") else "\n")
    return "".join(out)


def control_paragraphs(root: etree._Element, qid: str) -> tuple[etree._Element, list[str]]:
    """The template control of ``qid`` and the non-empty paragraph texts it holds."""
    wanted = str(bf.control_id(qid))
    sdt = next(
        s
        for s in root.iter(f"{{{W}}}sdt")
        if s.find("w:sdtPr/w:id", NS).get(f"{{{W}}}val") == wanted
    )
    paras = [own_text(p) for p in sdt.find("w:sdtContent", NS).iter(f"{{{W}}}p")]
    paras = [t for t in paras if t]
    return sdt, paras


def outside_paragraphs(root: etree._Element, heading: str) -> list[str]:
    """Texts of the body paragraphs after the question paragraph, up to the empty spacer."""
    body = list(root.find("w:body", NS))
    texts = [own_text(el) if el.tag == f"{{{W}}}p" else None for el in body]
    start = texts.index(heading)
    end = texts.index("", start)
    return [t for t in texts[start + 1 : end] if t]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fixtures")
    bf.build(root)
    return root


def test_committed_fixtures_are_up_to_date_and_deterministic(built: Path, tmp_path: Path) -> None:
    bf.build(tmp_path)
    names = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    assert "template.docx" in names and "README.md" in names
    for name in names:
        assert (built / name).read_bytes() == (tmp_path / name).read_bytes(), name
        assert (built / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_inbox_has_the_promised_files() -> None:
    inbox = sorted(p.name for p in (FIXTURES / "inbox").iterdir())
    forms = [f.file for f in bf.FORMS]
    assert len(forms) >= 13
    assert sorted([*forms, *bf.NON_FORMS]) == inbox


@pytest.mark.parametrize("name", ["template.docx", *[f"inbox/{f.file}" for f in bf.FORMS]])
def test_every_form_opens_with_python_docx(name: str) -> None:
    document = docx.Document(str(FIXTURES / name))
    assert document.paragraphs[0].text == "UPPFÖLJNINGSRAPPORT NÄRINGSLIV"


def test_template_controls_show_the_prompt() -> None:
    root = etree.fromstring(part((FIXTURES / "template.docx").read_bytes(), "word/document.xml"))
    for qid in bf.QUESTION_IDS:
        sdt, paras = control_paragraphs(root, qid)
        assert paras == [wx.PROMPT]
        assert sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None
        assert sdt.find("w:sdtPr/w:tag", NS) is None
    tags = [t.get(f"{{{W}}}val") for t in root.iter(f"{{{W}}}tag")]
    assert tags == ["namnd", "kontaktperson", "telefon", "epost"]
    all_text = [own_text(p) for p in root.iter(f"{{{W}}}p")]
    for question in bf.QUESTIONS.values():
        assert question in all_text
    assert all_text.count(wx.PROMPT) == 13


@pytest.mark.parametrize("form", bf.FORMS, ids=lambda f: f.file)
def test_form_content_matches_expected(form: bf.Form) -> None:
    root = etree.fromstring(
        part((FIXTURES / "inbox" / form.file).read_bytes(), "word/document.xml")
    )
    expected = bf.expected()[form.file]
    for qid, answer in expected["answers"].items():
        heading = form.headings.get(qid, bf.QUESTIONS.get(qid))
        status = answer["status"]
        if status == "missing":
            assert str(bf.control_id(qid)) not in etree.tostring(root).decode()
            continue
        if "outside_control" in answer["flags"]:
            assert outside_paragraphs(root, heading) == answer["paragraphs"]
            continue
        sdt, paras = control_paragraphs(root, qid)
        showing = sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None
        assert showing == (status == "placeholder"), qid
        if status == "placeholder":
            assert paras == [wx.PROMPT]
        elif status == "empty":
            assert paras == []
        elif "placeholder_left" in answer["flags"]:
            assert paras == [wx.PROMPT + " " + answer["paragraphs"][0]]
        else:
            assert paras == answer["paragraphs"], qid


def test_spec_covers_every_status_and_flag() -> None:
    answers = [a for form in bf.expected().values() for a in form["answers"].values()]
    assert {a["status"] for a in answers} == {"answered", "placeholder", "empty", "missing"}
    flags = {f for a in answers for f in a["flags"]}
    assert flags == {
        "edited_heading",
        "outside_control",
        "placeholder_left",
        "declined",
        "out_of_order",
    }


def test_seed_answers_verbatim_and_bullets() -> None:
    data = (FIXTURES / "inbox" / "Enskede-Årsta-Vantör T2 2022.docx").read_bytes()
    root = etree.fromstring(part(data, "word/document.xml"))
    _, paras = control_paragraphs(root, "3.2")
    assert paras[2] == "Platssamverkan Rågsved och Östberga"
    assert paras[0].startswith("Förvaltningen arbetar kontinuerligt")
    assert len(root.findall(".//w:numPr", NS)) == 4
    assert b'<w:numFmt w:val="bullet"/>' in part(data, "word/numbering.xml")


def test_non_forms() -> None:
    inbox = FIXTURES / "inbox"
    lock = (inbox / bf.LOCK_FILE).read_bytes()
    assert len(lock) == 162 and lock[0] == len(bf.LOCK_OWNER)
    doc = (inbox / bf.LEGACY_DOC).read_bytes()
    assert doc.startswith(bytes.fromhex("D0CF11E0A1B11AE1")) and 2048 <= len(doc) <= 8192
    broken = (inbox / bf.CORRUPT_FILE).read_bytes()
    assert broken.startswith(b"PK\x03\x04")
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(broken))


def test_hidden_comment_footnote_and_deleted_text_stay_out_of_answers() -> None:
    everything = " ".join(
        " ".join(a["paragraphs"]) for f in bf.expected().values() for a in f["answers"].values()
    )
    for hidden in [bf.HASSELBY_HIDDEN.strip(), bf.SODERMALM_COMMENT[2], bf.SODERMALM_FOOTNOTE[1]]:
        assert hidden not in everything
    farsta = bf.expected()["Farsta v2 slutlig.docx"]["answers"]["2.1"]["paragraphs"]
    assert farsta == [
        "Förvaltningen samverkar med Skatteverket, polisen och socialförvaltningen i en "
        "gemensam grupp mot välfärdsbrott."
    ]
    data = (FIXTURES / "inbox" / "Hässelby-Vällingby SDN T2 2022.docx").read_bytes()
    assert bf.HASSELBY_HIDDEN.strip().encode() in part(data, "word/document.xml")
