"""report.docx read back with python-docx and with plain zip + lxml."""

from __future__ import annotations

import dataclasses
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
import wordxml
from lxml import etree
from test_answers_json import (
    Q11,
    Q12,
    Q21,
    S1,
    S2,
    answered,
    info,
    para,
    sample_result,
    with_optional,
)

from docxmerge.model import (
    Answer,
    Block,
    Expected,
    Image,
    Message,
    Response,
    Run,
    RunResult,
    Section,
    TablePos,
    UnreadableError,
)
from docxmerge.writers.report import write_report

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
URL = "https://example.se/a?b=1&c=2"
BIG = ("Lång text " * 100_000).strip()  # 1 MB paragraph
HOSTILE = "Emoji 😀👍🏽 RTL עברית العربية \u202ekontroll\x01\x1fslut"


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = tiny_png()


def numbered_list(start: int, texts: list[str], num_id: str, fmt: str) -> tuple[Block, ...]:
    return tuple(
        para(start + i, Run(text), list_level=0, num_id=num_id, list_format=fmt)
        for i, text in enumerate(texts)
    )


def cell_block(index: int, text: str, row: int, cell: int) -> Block:
    return para(index, Run(text), table=TablePos(table=0, row=row, cell=cell))


def rich_result(language: str = "sv") -> RunResult:
    """Bromma and Farsta both answer 1.2 with a numbered list; tables, images, hostile text."""
    base = sample_result(language)
    bromma, farsta_old, farsta, broken, lock = base.responses
    bromma_12 = answered(
        "1.2",
        para(10, Run("Brommas lista:")),
        *numbered_list(11, ["Bromma steg ett", "Bromma steg två"], "7", "decimal"),
        para(13, Run("Kvar: "), Run(wordxml.PROMPT, placeholder=True)),
        para(14, Run(wordxml.PROMPT, placeholder=True)),
    )
    farsta_12 = answered(
        "1.2",
        *numbered_list(20, ["Farsta steg ett", "Farsta steg två"], "7", "decimal"),
        cell_block(22, "Farsta A1", 0, 0),
        cell_block(23, "Farsta B1", 0, 1),
        cell_block(24, "Farsta A2", 1, 0),
        cell_block(25, "Farsta B2", 1, 1),
        para(26, Run("Bild: "), Run("", image=Image("image/png", PNG, 914400, 457200))),
        para(27, Run(HOSTILE)),
        para(28, Run(BIG)),
    )
    bromma = Response(
        file=bromma.file,
        status="read",
        respondent=bromma.respondent,
        fields=bromma.fields,
        answers=(bromma.answers[0], bromma_12, bromma.answers[2]),
    )
    farsta = Response(
        file=farsta.file,
        status="read",
        respondent=farsta.respondent,
        answers=(farsta.answers[0], farsta_12, Answer("2.1", "empty", "")),
    )
    return RunResult(
        template=base.template,
        responses=(bromma, farsta_old, farsta, broken, lock),
        not_received=base.not_received,
        language=language,
        title=base.title,
        run_date=base.run_date,
    )


def swedish_template(tmp_path: Path, **kwargs: object) -> Path:
    path = tmp_path / "mall.docx"
    body = wordxml.heading("Uppföljningsrapport näringsliv") + wordxml.p("Instruktion")
    path.write_bytes(wordxml.make_docx(body, **kwargs))  # type: ignore[arg-type]
    return path


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    target = folder / "report.docx"
    template = swedish_template(folder, numbering=wordxml.DEFAULT_NUMBERING)
    write_report(rich_result(), template, target)
    return target


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def text_of(element: etree._Element) -> str:
    """Text as Word shows it: w:t, w:tab as \\t, w:br as \\n (page breaks ignored)."""
    pieces = []
    for node in element.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
        if node.tag == f"{{{W}}}t":
            pieces.append(node.text or "")
        elif node.tag == f"{{{W}}}tab":
            pieces.append("\t")
        elif node.get(f"{{{W}}}type") != "page":
            pieces.append("\n")
    return "".join(pieces)


def body_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(pStyle, text) of every top-level paragraph, hyperlink text included."""
    body = part(path, "word/document.xml").find(f"{{{W}}}body")
    assert body is not None
    result = []
    for p in body.iterchildren(f"{{{W}}}p", f"{{{W}}}tbl"):
        style = p.find("w:pPr/w:pStyle", NS)
        kind = (
            "TABLE"
            if p.tag == f"{{{W}}}tbl"
            else (style.get(f"{{{W}}}val") if style is not None else "")
        )
        result.append((kind or "", text_of(p)))
    return result


def test_opens_with_python_docx(report: Path) -> None:
    document = docx.Document(str(report))
    assert document.paragraphs[0].text == "Uppföljningsrapport näringsliv"
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[1].text == "Tertialrapport 2 2026"
    texts = [p.text for p in document.paragraphs]
    assert "Sammanställd 2026-11-28" in texts
    assert "2 svarande" in texts


def test_headings_in_template_order_on_swedish_style_ids(report: Path) -> None:
    headings = [
        (s, t) for s, t in body_paragraphs(report) if s in ("Rubrik1", "Rubrik2", "Respondent")
    ]
    # respondents in a style of their own, unlike the questions (report_parts.Styles)
    assert headings == [
        ("Rubrik1", "Översikt"),
        ("Rubrik1", S1),
        ("Rubrik2", f"1.1 {Q11}"),
        ("Respondent", "Bromma stadsdelsnämnd"),
        ("Respondent", "Farsta stadsdelsnämnd"),
        ("Rubrik2", f"1.2 {Q12}"),
        ("Respondent", "Bromma stadsdelsnämnd"),
        ("Respondent", "Farsta stadsdelsnämnd"),
        ("Rubrik1", S2),
        ("Rubrik2", f"2.1 {Q21}"),
        ("Respondent", "Bromma stadsdelsnämnd"),
    ]


def test_each_answer_under_its_own_question_only(report: Path) -> None:
    under: dict[str, list[str]] = {}
    question, respondent = "", ""
    for style, text in body_paragraphs(report):
        if style == "Rubrik2":
            question = text.split(" ", 1)[0]
        elif style == "Respondent":
            respondent = text.split(" ", 1)[0]
        elif question:
            under.setdefault(text, []).append(f"{question} {respondent}")
    assert under["=SUM(A1:A3) är inte en formel"] == ["1.1 Bromma"]
    assert under["Farsta svarar\tmed tabb\noch radbrytning"] == ["1.1 Farsta"]
    assert under["Bromma steg ett"] == ["1.2 Bromma"]
    assert under["Farsta steg två"] == ["1.2 Farsta"]
    assert under["Bromma gör fetstil och länk"] == ["2.1 Bromma"]
    # the placeholder run is dropped, and with it the white space at the paragraph's end
    assert under["Kvar:"] == ["1.2 Bromma"]
    # who did not answer, in plain words, under the question; who sent nothing, once, above
    assert under["Svarsrutan lämnades tom av: Farsta stadsdelsnämnd."] == ["2.1 Bromma"]
    assert not any("Skarpnäck" in text for text in under)
    everything = "\n".join(text for _, text in body_paragraphs(report))
    assert wordxml.PROMPT not in everything
    assert "Gammalt svar från Farsta" not in everything  # superseded
    assert "ska inte synas" not in everything  # unreadable


def test_list_numbering_restarts_per_answer(report: Path) -> None:
    document = part(report, "word/document.xml")
    num_ids = {}
    for p in document.iter(f"{{{W}}}p"):
        text = "".join(p.itertext())
        num = p.find("w:pPr/w:numPr/w:numId", NS)
        if num is not None:
            num_ids[text] = num.get(f"{{{W}}}val")
    assert num_ids["Bromma steg ett"] == num_ids["Bromma steg två"]
    assert num_ids["Farsta steg ett"] == num_ids["Farsta steg två"]
    assert num_ids["Bromma steg ett"] != num_ids["Farsta steg ett"]
    assert num_ids["Punkt ett"] not in (num_ids["Bromma steg ett"], num_ids["Farsta steg ett"])
    numbering = part(report, "word/numbering.xml")
    for text in ("Bromma steg ett", "Farsta steg ett", "Punkt ett"):
        num = numbering.find(f"w:num[@w:numId='{num_ids[text]}']", NS)
        assert num is not None
        start = num.find("w:lvlOverride[@w:ilvl='0']/w:startOverride", NS)
        assert start is not None and start.get(f"{{{W}}}val") == "1"
        abstract_id = num.find("w:abstractNumId", NS).get(f"{{{W}}}val")  # type: ignore[union-attr]
        abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
        fmt = abstract.find("w:lvl[@w:ilvl='0']/w:numFmt", NS).get(f"{{{W}}}val")  # type: ignore[union-attr]
        assert fmt == ("bullet" if text == "Punkt ett" else "decimal")
    # the template's own definitions are kept, and every abstractNum precedes every num
    tags = [etree.QName(child).localname for child in numbering]
    assert tags.index("num") > max(i for i, tag in enumerate(tags) if tag == "abstractNum")
    assert numbering.find("w:abstractNum[@w:abstractNumId='0']", NS) is not None


def test_hyperlink_relationship_as_given(report: Path) -> None:
    rels = part(report, "word/_rels/document.xml.rels")
    links = [rel for rel in rels if rel.get("Target") == URL]
    assert len(links) == 1
    assert links[0].get("TargetMode") == "External"
    assert links[0].get("Type") == f"{R}/hyperlink"
    hyperlink = part(report, "word/document.xml").find(".//w:hyperlink[@r:id]", NS)
    assert hyperlink is not None
    assert hyperlink.get(f"{{{R}}}id") == links[0].get("Id")
    assert "".join(hyperlink.itertext()) == "länk"


def test_table_blocks_become_a_table(report: Path) -> None:
    paragraphs = body_paragraphs(report)
    tables = [i for i, (kind, _) in enumerate(paragraphs) if kind == "TABLE"]
    assert len(tables) == 2  # the overview and Farsta's answer table
    answer_table = part(report, "word/document.xml").findall(".//w:body/w:tbl", NS)[1]
    rows = [
        ["".join(tc.itertext()) for tc in tr.findall("w:tc", NS)]
        for tr in answer_table.findall("w:tr", NS)
    ]
    assert rows == [["Farsta A1", "Farsta B1"], ["Farsta A2", "Farsta B2"]]
    assert (
        answer_table.find("w:tblPr/w:tblStyle", NS).get(f"{{{W}}}val") == wordxml.STYLE_TABLE_GRID
    )


def test_overview_counts(report: Path) -> None:
    overview = part(report, "word/document.xml").findall(".//w:body/w:tbl", NS)[0]
    rows = [
        ["".join(tc.itertext()) for tc in tr.findall("w:tc", NS)]
        for tr in overview.findall("w:tr", NS)
    ]
    # section numbers as headers (long Swedish titles broke mid-word), titles in a legend above
    assert rows == [
        ["Svarande", "1.", "2.", "Totalt"],
        ["Bromma stadsdelsnämnd", "2/2", "1/1", "3/3"],
        ["Farsta stadsdelsnämnd", "2/2", "0/1", "2/3"],
    ]


def test_image_part_and_drawing(report: Path) -> None:
    with zipfile.ZipFile(report) as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert [package.read(name) for name in media] == [PNG]
        types = package.read("[Content_Types].xml").decode()
    assert 'Extension="png"' in types
    blip = part(report, "word/document.xml").find(".//a:blip", NS)
    assert blip is not None
    rels = part(report, "word/_rels/document.xml.rels")
    target = [r.get("Target") for r in rels if r.get("Id") == blip.get(f"{{{R}}}embed")]
    assert target == [media[0].removeprefix("word/")]


def test_big_emoji_rtl_and_control_text(report: Path) -> None:
    texts = [p.text for p in docx.Document(str(report)).paragraphs]
    assert BIG in texts
    assert HOSTILE.replace("\x01", "\ufffd").replace("\x1f", "\ufffd") in texts


def test_toc_field_written_out_with_linked_entries(report: Path) -> None:
    document = part(report, "word/document.xml")
    body = document.find("w:body", NS)
    assert body is not None
    paragraphs = list(body.iterchildren(f"{{{W}}}p"))
    begin = next(i for i, p in enumerate(paragraphs) if p.find(".//w:fldChar", NS) is not None)
    instructions = [
        "".join(p.xpath(".//w:instrText/text()", namespaces=NS)) for p in paragraphs[begin:]
    ]
    # levels 1-2: sections and questions; respondent names (level 3) would be 540 entries
    assert instructions[0].startswith(' TOC \\o "1-2" \\h \\z \\u ')
    entries = []
    for paragraph in paragraphs[begin:]:
        link = paragraph.find("w:hyperlink", NS)
        if link is None:
            break
        style = paragraph.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val")  # type: ignore[union-attr]
        entries.append((style, text_of(link).rstrip("\t"), link.get(f"{{{W}}}anchor")))
    assert [(style, text) for style, text, _ in entries] == [
        ("TOC1", "Översikt"),
        ("TOC1", S1),
        ("TOC2", f"1.1 {Q11}"),
        ("TOC2", f"1.2 {Q12}"),
        ("TOC1", S2),
        ("TOC2", f"2.1 {Q21}"),
    ]
    # each entry links to the bookmark around its heading, and holds a PAGEREF to it
    marks = {
        mark.get(f"{{{W}}}name"): text_of(mark.getparent())
        for mark in body.iter(f"{{{W}}}bookmarkStart")
    }
    assert [marks[anchor] for _, _, anchor in entries] == [text for _, text, _ in entries]
    assert instructions[1] == f" PAGEREF {entries[1][2]} \\h "
    # the whole contents is one field: begin ... end, every PAGEREF closed inside it
    kinds = [c.get(f"{{{W}}}fldCharType") for c in document.iter(f"{{{W}}}fldChar")]
    assert kinds[:2] == ["begin", "separate"] and kinds[-1] == "end"
    assert kinds[2:-1] == ["begin", "separate", "end"] * len(entries)
    settings = part(report, "word/settings.xml")
    update = settings.find("w:updateFields", NS)
    assert update is not None and update.get(f"{{{W}}}val") == "true"
    following = [etree.QName(c).localname for c in update.itersiblings()]
    assert "compat" in following  # schema order: updateFields before compat


def test_missing_styles_added_and_numbering_part_created(tmp_path: Path) -> None:
    template = swedish_template(tmp_path)  # no numbering part, no Subtitle / TOC Heading style
    target = tmp_path / "report.docx"
    write_report(rich_result("en"), template, target)
    styles = part(target, "word/styles.xml")
    names = {
        s.find("w:name", NS).get(f"{{{W}}}val"): s.get(f"{{{W}}}styleId")
        for s in styles.findall("w:style", NS)
    }
    assert names["Subtitle"] == "Subtitle"
    assert names["TOC Heading"] == "TOCHeading"
    assert names["heading 1"] == "Rubrik1"  # existing, by name
    numbering = part(target, "word/numbering.xml")
    assert len(numbering.findall("w:num", NS)) == 3
    document = docx.Document(str(target))
    assert document.paragraphs[1].style.name == "Subtitle"
    assert names["toc 1"] == "TOC1" and names["toc 2"] == "TOC2"
    assert names["Respondent"] == "Respondent"
    assert "Answer box left empty by: Farsta stadsdelsnämnd." in [
        p.text for p in document.paragraphs
    ]


def patch_zip(source: Path, target: Path, name: str, change: dict[str, str]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == name:
                text = data.decode("utf-8")
                for before, after in change.items():
                    assert before in text
                    text = text.replace(before, after)
                data = text.encode("utf-8")
            new.writestr(item, data)


def test_dotx_template_with_form_protection(tmp_path: Path) -> None:
    plain = swedish_template(tmp_path)
    as_template = tmp_path / "mall.dotx"
    patch_zip(plain, as_template, "[Content_Types].xml", {"document.main+xml": "template.main+xml"})
    protected = tmp_path / "skyddad.dotx"
    protection = '<w:documentProtection w:edit="forms" w:enforcement="1"/>'
    patch_zip(
        as_template,
        protected,
        "word/settings.xml",
        {"<w:defaultTabStop": protection + "<w:defaultTabStop"},
    )
    target = tmp_path / "report.docx"
    write_report(sample_result(), protected, target)
    assert docx.Document(str(target)).paragraphs[0].text == "Uppföljningsrapport näringsliv"
    assert part(target, "word/settings.xml").find("w:documentProtection", NS) is None


def test_failed_write_keeps_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = swedish_template(tmp_path)
    target = tmp_path / "report.docx"
    write_report(sample_result(), template, target)
    before = target.read_bytes()

    def half_save(self: object, path: str) -> None:
        Path(path).write_bytes(b"PK\x03\x04 half a zip")
        raise OSError("disk full")

    monkeypatch.setattr("docx.document.Document.save", half_save)
    with pytest.raises(OSError, match="disk full"):
        write_report(rich_result(), template, target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mall.docx", "report.docx"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_converts_the_report(tmp_path: Path) -> None:
    template = swedish_template(tmp_path, numbering=wordxml.DEFAULT_NUMBERING)
    target = tmp_path / "report.docx"
    result = rich_result()
    small = RunResult(  # without the 1 MB paragraph, to keep LibreOffice quick
        template=result.template,
        responses=tuple(
            Response(
                file=r.file,
                status=r.status,
                respondent=r.respondent,
                answers=tuple(
                    Answer(
                        a.question_id,
                        a.status,
                        a.text,
                        blocks=tuple(b for b in a.blocks if len(b.text) < 1000),
                    )
                    for a in r.answers
                ),
            )
            for r in result.responses
        ),
        language="sv",
    )
    write_report(small, template, target)
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode("utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[0] == "Uppföljningsrapport näringsliv"
    assert "Svarsrutan lämnades tom av: Farsta stadsdelsnämnd." in lines
    flowing = " ".join(text.split())  # headings may wrap over lines on the page
    # the contents page shows its entries in the PDF too, not "update the field"
    contents = flowing[flowing.index("Innehåll") : flowing.index("Antal besvarade frågor")]
    entries = ["Översikt", S1, "1.1 Beskriv samverkan", "1.2 Beskriv nämndens", S2, "2.1 Hur sker"]
    at = [contents.find(entry) for entry in entries]
    assert -1 not in at and at == sorted(at), contents
    overview = flowing.index("Totalt 3/3")
    start = flowing.index("1.1 Beskriv", overview)  # the first question after the overview
    assert flowing[:start].endswith(f"2/3 {S1} ")
    body = flowing[start:]
    order = [
        "1.1 Beskriv samverkan med det lokala näringslivet",
        "Bromma stadsdelsnämnd =SUM(A1:A3) är inte en formel",
        "1.2 Beskriv nämndens arbete med",
        "Bromma stadsdelsnämnd Brommas lista: 1. Bromma steg ett 2. Bromma steg två",
        "Farsta stadsdelsnämnd 1. Farsta steg ett 2. Farsta steg två",  # numbering restarted
        S2,
        "2.1 Hur sker samverkan med socialnämnden och skatteverket?",
        "Svarsrutan lämnades tom av: Farsta stadsdelsnämnd.",
    ]
    at = [body.find(heading) for heading in order]
    assert -1 not in at, [h for h, i in zip(order, at, strict=True) if i == -1]
    assert at == sorted(at)


def test_reader_independent_docx_structure_is_valid_xml(report: Path) -> None:
    with zipfile.ZipFile(report) as package:
        for name in package.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(package.read(name))
        assert package.testzip() is None
        assert package.getinfo("word/document.xml").file_size > len(BIG.encode())


def test_template_heading_numbering_and_comments_are_not_carried(tmp_path: Path) -> None:
    plain = swedish_template(
        tmp_path, numbering=wordxml.DEFAULT_NUMBERING, comments=[("0", "Anna", "Mallens kommentar")]
    )
    numbered = tmp_path / "numrerad.docx"
    numpr = '<w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:before="40"'
    patch_zip(plain, numbered, "word/styles.xml", {'<w:spacing w:before="40"': numpr})
    target = tmp_path / "report.docx"
    write_report(sample_result(), numbered, target)
    document = part(target, "word/document.xml")
    for p in document.iter(f"{{{W}}}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        num = p.find("w:pPr/w:numPr/w:numId", NS)
        if style is not None and style.get(f"{{{W}}}val") == "Rubrik2":
            # heading 2 is numbered by the template's style: switched off, our text has "1.1"
            assert num is not None and num.get(f"{{{W}}}val") == "0"
        elif style is not None and style.get(f"{{{W}}}val") == "Rubrik1":
            assert num is None
    with zipfile.ZipFile(target) as package:
        assert "word/comments.xml" not in package.namelist()
        assert b"comments" not in package.read("word/_rels/document.xml.rels")


def test_template_python_docx_cannot_load_falls_back_to_blank(tmp_path: Path) -> None:
    strict = tmp_path / "strict.docx"  # strict OOXML namespaces: python-docx finds no main part
    strict.write_bytes(wordxml.make_docx(wordxml.p("Mall"), strict=True))
    with pytest.raises(KeyError):
        docx.Document(str(strict))
    target = tmp_path / "report.docx"
    write_report(sample_result(), strict, target)
    document = docx.Document(str(target))
    assert document.paragraphs[0].text == "Uppföljningsrapport näringsliv"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == [f"1.1 {Q11}", f"1.2 {Q12}", f"2.1 {Q21}"]


def test_who_did_not_answer_in_plain_words(tmp_path: Path) -> None:
    base = sample_result("en")
    broken = Response(
        file=info("Östermalm.doc"), status="unreadable", respondent="Östermalms stadsdelsnämnd"
    )
    blank = Response(info("Kista.docx"), "skipped", error_code="blank_form", respondent="Kista")
    bromma = base.responses[0]
    declined = Answer("1.1", "answered", "Inte aktuellt för nämnden.", flags=("declined",))
    bromma = dataclasses.replace(bromma, answers=(declined, *bromma.answers[1:]))
    farsta = dataclasses.replace(
        base.responses[2], answers=(Answer("1.1", "answered", "-", flags=("declined",)),)
    )
    responses = (bromma, base.responses[1], farsta, *base.responses[3:], broken, blank)
    result = dataclasses.replace(base, responses=responses)
    target = tmp_path / "report.docx"
    write_report(result, swedish_template(tmp_path), target)
    texts = [text for _, text in body_paragraphs(target)]
    overview = texts.index("Overview")  # the heading ("Overview\t" is its contents entry)
    notes = texts.index("The file could not be read from: Östermalms stadsdelsnämnd.")
    assert overview < notes < texts.index(f"1.1 {Q11}", overview)  # on the overview page, once
    assert texts[notes : notes + 3] == [
        "The file could not be read from: Östermalms stadsdelsnämnd.",
        "The form came back blank from: Kista.",
        "No answers have come in from: Skarpnäcks stadsdelsnämnd.",
    ]
    # declined answers gathered in one line (with their words when there are more), not shown
    one = texts.index(f"1.1 {Q11}", overview)
    assert texts[one + 1 : texts.index(f"1.2 {Q12}", one)] == [
        "Not applicable according to: Bromma stadsdelsnämnd (”Inte aktuellt för nämnden”), "
        "Farsta stadsdelsnämnd."
    ]
    two = texts.index(f"1.2 {Q12}", one)
    assert texts[two + 1 : two + 3] == [
        "Answer box left untouched by: Bromma stadsdelsnämnd.",
        "The question is missing from the form of: Farsta stadsdelsnämnd.",
    ]
    assert not any("(" + word in text for text in texts for word in ("missing", "placeholder"))


def test_an_optional_question_says_only_how_many_left_it(tmp_path: Path) -> None:
    result = with_optional(sample_result("sv"), "1.2")
    target = tmp_path / "report.docx"
    write_report(result, swedish_template(tmp_path), target)
    texts = [text for _, text in body_paragraphs(target)]
    two = texts.index(f"1.2 {Q12}", texts.index("Översikt"))
    assert texts[two + 1] == "Frivillig fråga: obesvarad av 2 av 2."


def test_cover_says_how_many_of_the_expected_responded(tmp_path: Path) -> None:
    base = sample_result("sv")
    listed = tuple(
        Expected(name)
        for name in ("Bromma stadsdelsnämnd", "Farsta stadsdelsnämnd", "Skarpnäcks stadsdelsnämnd")
    )
    target = tmp_path / "report.docx"
    write_report(dataclasses.replace(base, expected=listed), swedish_template(tmp_path), target)
    texts = [text for _, text in body_paragraphs(target)]
    assert texts[:4] == [
        "Uppföljningsrapport näringsliv",
        "Tertialrapport 2 2026",
        "Sammanställd 2026-11-28",
        "2 av 3 svarande",
    ]


def test_questions_outside_any_section_are_still_reported(tmp_path: Path) -> None:
    base = sample_result("en")
    template = dataclasses.replace(base.template, sections=())
    result = dataclasses.replace(base, template=template)
    target = tmp_path / "report.docx"
    write_report(result, swedish_template(tmp_path), target)
    styles = [(s, t) for s, t in body_paragraphs(target) if s in ("Rubrik1", "Rubrik2")]
    assert styles == [  # the contents' own entries are in their TOC styles
        ("Rubrik1", "Overview"),
        ("Rubrik2", f"1.1 {Q11}"),
        ("Rubrik2", f"1.2 {Q12}"),
        ("Rubrik2", f"2.1 {Q21}"),
    ]


def test_overview_counts_a_question_without_any_answer_as_open(tmp_path: Path) -> None:
    base = sample_result()
    bromma = dataclasses.replace(base.responses[0], answers=base.responses[0].answers[:1])
    result = dataclasses.replace(base, responses=(bromma, *base.responses[1:]))
    target = tmp_path / "report.docx"
    write_report(result, swedish_template(tmp_path), target)
    overview = part(target, "word/document.xml").findall(".//w:body/w:tbl", NS)[0]
    rows = [["".join(tc.itertext()) for tc in tr.findall("w:tc", NS)] for tr in overview]
    assert rows[-2:] == [
        ["Bromma stadsdelsnämnd", "1/2", "0/1", "1/3"],
        ["Farsta stadsdelsnämnd", "1/2", "0/1", "1/3"],
    ]


def test_replaced_characters_are_reported_per_answer(tmp_path: Path) -> None:
    target = tmp_path / "report.docx"
    result = dataclasses.replace(rich_result(), title="Runda\x02 2")
    messages = write_report(result, swedish_template(tmp_path), target)
    text = "Characters that cannot be stored were replaced by \ufffd"
    # Farsta's answer 1.2 holds \x01 and \x1f; the title (no source file) holds \x02
    assert messages == (
        Message("", "report.docx", "replaced_characters", text),
        Message("Farsta v2.docx", "report.docx/1.2", "replaced_characters", text),
    )
    assert write_report(sample_result(), swedish_template(tmp_path), target) == ()


def test_answer_paragraphs_trimmed_across_runs_by_the_report_itself(tmp_path: Path) -> None:
    # blocks as a caller may hand them over, untrimmed: all-space runs at both ends, a prompt
    spaced = para(
        1,
        Run("  "),
        Run(" \t"),
        Run(" Svar ", bold=True),
        Run("mitt  ", italic=True),
        Run(wordxml.PROMPT, placeholder=True),
        Run(" "),
    )
    base = sample_result()
    bromma = base.responses[0]
    answers = (answered("1.1", spaced), *bromma.answers[1:])
    result = dataclasses.replace(
        base, responses=(dataclasses.replace(bromma, answers=answers), *base.responses[1:])
    )
    target = tmp_path / "report.docx"
    write_report(result, swedish_template(tmp_path), target)
    document = part(target, "word/document.xml")
    paragraph = next(p for p in document.iter(f"{{{W}}}p") if text_of(p) == "Svar mitt")
    runs = [(text_of(r), r.find("w:rPr/w:b", NS) is not None) for r in paragraph.iter(f"{{{W}}}r")]
    assert runs == [("Svar ", True), ("mitt", False)]


def test_template_over_the_file_limit_is_refused(tmp_path: Path) -> None:
    huge = tmp_path / "mall.docx"
    with huge.open("wb") as handle:  # sparse: 257 MiB on paper, nothing on disk
        handle.truncate(257 * 1024 * 1024)
    target = tmp_path / "report.docx"
    with pytest.raises(UnreadableError) as caught:
        write_report(sample_result(), huge, target)
    assert caught.value.code == "too_large"
    assert not target.exists()


def test_template_with_a_part_past_the_limits_is_refused(tmp_path: Path) -> None:
    # 300 MiB of zeros deflate to ~300 KB: past the part limit (256 MiB), refused before
    # python-docx would inflate it
    template = swedish_template(tmp_path)
    with (
        zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED) as package,
        package.open("word/media/zeros.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(300):
            member.write(bytes(1024 * 1024))
    target = tmp_path / "report.docx"
    target.write_bytes(b"previous report")
    with pytest.raises(UnreadableError) as caught:
        write_report(sample_result(), template, target)
    assert caught.value.code == "zip_bomb"
    assert target.read_bytes() == b"previous report"


def test_template_with_an_extreme_compression_ratio_is_used(tmp_path: Path) -> None:
    # 4 MB of zeros deflate to ~4 KB (1000:1): within every limit, an honest template
    template = swedish_template(tmp_path)
    with zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/zeros.bin", bytes(4 * 1024 * 1024))
    target = tmp_path / "report.docx"
    write_report(sample_result(), template, target)
    assert zipfile.ZipFile(target).testzip() is None


def test_overview_legend_numbers_every_section_once(tmp_path: Path) -> None:
    base = sample_result()
    other = Section("3", "Övriga upplysningar")  # a title without its number
    template = dataclasses.replace(base.template, sections=(*base.template.sections, other))
    target = tmp_path / "report.docx"
    write_report(dataclasses.replace(base, template=template), swedish_template(tmp_path), target)
    texts = [text if kind != "TABLE" else kind for kind, text in body_paragraphs(target)]
    start = texts.index("Antal besvarade frågor per svarande och avsnitt.") + 1
    assert texts[start : start + 4] == [S1, S2, "3. Övriga upplysningar", "TABLE"]


def test_report_has_its_own_core_properties(tmp_path: Path) -> None:
    result = dataclasses.replace(rich_result(), title="Tertial 2 2026", run_date="2026-11-28")
    target = tmp_path / "report.docx"
    write_report(result, swedish_template(tmp_path), target)
    properties = docx.Document(str(target)).core_properties
    assert properties.title == f"{result.template.title} – Tertial 2 2026"
    assert (properties.author, properties.last_modified_by) == ("docxmerge", "docxmerge")
    assert properties.modified.date().isoformat() == "2026-11-28"


@pytest.mark.parametrize(
    "chunk",
    [
        b"<w:p><w:r><w:t>open",  # unclosed
        b"<w:p><x:r/></w:p>",  # a prefix nobody declared
        b"<w:p><w:r><w:t>\x01</w:t></w:r></w:p>",  # a character XML forbids
        b'<w:p w:a="1" w:a="2"/>',  # a repeated attribute
        b"<w:p>&nbsp;</w:p>",  # an entity XML does not define
    ],
)
def test_the_spooled_body_is_checked_to_be_well_formed(chunk: bytes) -> None:
    from xml.parsers.expat import ExpatError

    from docxmerge.writers.report import _check_well_formed

    _check_well_formed(b'<w:p><w:r><w:t xml:space="preserve">Svar &amp; mer</w:t></w:r></w:p>')
    with pytest.raises(ExpatError):
        _check_well_formed(chunk)
