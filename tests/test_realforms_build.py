"""Tests for fixtures/realforms: the builder is deterministic and up to date, every
expected.json keeps the contract of fixtures/EXPECTED.md, and the .docx files say what it promises.

Only the fixture builder and lxml are used here, never the docxmerge package: these fixtures
are the spec the reader is written against.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

# Runs with or without tests/conftest.py (``pytest --noconftest`` needs no docxmerge at all).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures import build_realforms as br
from fixtures.realforms_model import FLAGS, KINDS, STATUSES, Form, normalise

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "realforms"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
FORMS = br.forms()
ISO = re.compile(r"\d{4}-\d\d-\d\d")


def load(form: Form) -> dict[str, Any]:
    return json.loads((FIXTURES / form.folder / "expected.json").read_text("utf-8"))


def docx_paths(form: Form) -> list[Path]:
    folder = FIXTURES / form.folder
    return [folder / "template.docx", *(folder / "inbox" / r.file for r in form.responses)]


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def paragraphs(path: Path) -> list[str]:
    """Visible text of each body paragraph (tabs and breaks kept, field codes dropped)."""
    root = etree.fromstring(part(path, "word/document.xml"))
    out = []
    for para in root.iter(f"{{{W}}}p"):
        text = ""
        for node in para.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
            if next(a for a in node.iterancestors(f"{{{W}}}p")) is not para:
                continue
            if node.tag == f"{{{W}}}t":
                text += node.text or ""
            else:
                text += "\t" if node.tag.endswith("tab") else "\n"
        out.append(text)
    return out


# --------------------------------------------------------------------------- build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("realforms")
    br.build(root)
    return root


def test_committed_files_are_what_the_builder_writes(built: Path) -> None:
    made = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    have = sorted(p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*") if p.is_file())
    assert made == have
    for name in made:
        assert (built / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_builder_is_deterministic(built: Path, tmp_path: Path) -> None:
    br.build(tmp_path)
    for path in built.rglob("*"):
        if path.is_file():
            name = path.relative_to(built)
            assert (tmp_path / name).read_bytes() == path.read_bytes(), name


def test_eight_forms_of_three_producers() -> None:
    assert len(FORMS) == 8
    assert {f.producer for f in FORMS} == {"word", "libreoffice", "gdocs"}
    for form in FORMS:
        assert 3 <= len(form.responses) <= 5, form.folder
        assert len({r.file for r in form.responses}) == len(form.responses)


# --------------------------------------------------------------------------- expected.json


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.folder)
def test_expected_json_keeps_the_contract(form: Form) -> None:
    data = load(form)
    assert set(data) == {
        "template",
        "language",
        "title",
        "fields",
        "questions",
        "forms",
        "not_forms",
    }
    assert data["template"] == "template.docx" and data["language"] == "en"
    ids = [q["id"] for q in data["questions"]]
    assert len(ids) == len(set(ids))
    sections: dict[str, str] = {}
    for q in data["questions"]:
        s = q["id"].split(".")[0]
        assert sections.setdefault(s, q["section"]) == q["section"]
        assert q["kind"] in KINDS
        assert q["text"] == normalise(q["text"]) and not q["text"].endswith(":")
        if q["kind"] == "choice":
            assert q["options"] and len(set(q["options"])) == len(q["options"])
            assert isinstance(q["multiple"], bool)
        else:
            assert "options" not in q and "multiple" not in q
    # ids by position: sections 1..S in order, questions 1..N inside each
    order = [tuple(int(x) for x in i.split(".")) for i in ids]
    assert order == sorted(order)
    for s in {o[0] for o in order}:
        assert [o[1] for o in order if o[0] == s] == list(
            range(1, 1 + sum(o[0] == s for o in order))
        )
    assert sorted({o[0] for o in order}) == list(range(1, len(sections) + 1))
    inbox = sorted(p.name for p in (FIXTURES / form.folder / "inbox").iterdir())
    assert sorted([*data["forms"], *data["not_forms"]]) == inbox
    assert set(data["not_forms"].values()) <= {"unreadable", "skipped"}


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.folder)
def test_every_form_answers_every_question(form: Form) -> None:
    data = load(form)
    questions = {q["id"]: q for q in data["questions"]}
    for file, got in data["forms"].items():
        assert list(got["fields"]) == data["fields"], file
        first = next(iter(got["fields"].values()), "")
        assert got["respondent"] == (first or Path(file).stem), file
        assert list(got["answers"]) == list(questions), file
        for qid, answer in got["answers"].items():
            q = questions[qid]
            where = f"{file} {qid}"
            assert set(answer) == {"status", "text", "value", "flags"}, where
            assert answer["status"] in STATUSES, where
            assert all(f in FLAGS for f in answer["flags"]), where
            assert answer["flags"] == sorted(set(answer["flags"]), key=FLAGS.index), where
            if answer["status"] != "answered":
                assert answer["text"] == "", where
                reader = {"several_chosen", "declined", "placeholder_left", "outside_control"}
                assert not set(answer["flags"]) & reader, where
            else:
                assert answer["text"] and answer["text"] == answer["text"].strip(), where
            if answer["status"] == "missing":
                assert answer["flags"] == [], where
            value = answer["value"]
            if q["kind"] == "choice":
                assert isinstance(value, list) and set(value) <= set(q["options"]), where
                assert value == [o for o in q["options"] if o in value], where
                several = len(value) > 1 and not q["multiple"]
                assert ("several_chosen" in answer["flags"]) == several, where
                if value:
                    assert answer["text"].split("\n")[0] == ", ".join(value), where
            elif q["kind"] == "date":
                assert value is None or (ISO.fullmatch(value) and answer["status"] == "answered")
            else:
                assert value is None, where


def test_every_status_and_the_reader_flags_occur() -> None:
    answers = [a for f in FORMS for r in load(f)["forms"].values() for a in r["answers"].values()]
    assert {a["status"] for a in answers} == set(STATUSES)
    flags = {f for a in answers for f in a["flags"]}
    # no returned real form reorders questions or binds controls to customXml
    assert flags == set(FLAGS) - {"data_binding", "out_of_order"}
    kinds = {q["kind"] for f in FORMS for q in load(f)["questions"]}
    assert kinds == set(KINDS)


# --------------------------------------------------------------------------- the .docx files


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.folder)
def test_packages_are_well_formed_english_word_xml(form: Form) -> None:
    for path in docx_paths(form):
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            assert "word/document.xml" in names and "[Content_Types].xml" in names
            for name in names:
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(archive.read(name))
            styles = archive.read("word/styles.xml").decode()
        lang = re.search(r'<w:rPrDefault><w:rPr>.*?<w:lang w:val="([^"]+)"', styles)
        assert lang and lang.group(1).startswith("en"), path
        for sid in re.findall(
            r'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"',
            part(path, "word/document.xml").decode(),
        ):
            assert f'w:styleId="{sid}"' in styles, (path.name, sid)


WORD_FORMS = [f for f in FORMS if f.producer == "word"]


@pytest.mark.parametrize("form", WORD_FORMS, ids=lambda f: f.folder)
def test_word_prompts_come_from_the_glossary(form: Form) -> None:
    path = FIXTURES / form.folder / "template.docx"
    root = etree.fromstring(part(path, "word/document.xml"))
    ns = {"w": W}
    glossary = {}
    with zipfile.ZipFile(path) as archive:
        if "word/glossary/document.xml" in archive.namelist():
            groot = etree.fromstring(archive.read("word/glossary/document.xml"))
            for dp in groot.iter(f"{{{W}}}docPart"):
                name = dp.find("w:docPartPr/w:name", ns).get(f"{{{W}}}val")
                glossary[name] = "".join(dp.find("w:docPartBody", ns).itertext())
    for sdt in root.iter(f"{{{W}}}sdt"):
        props = sdt.find("w:sdtPr", ns)
        if props.find("w:showingPlcHdr", ns) is None:
            continue
        shown = "".join(t.text or "" for t in sdt.find("w:sdtContent", ns).iter(f"{{{W}}}t"))
        part_name = props.find("w:placeholder/w:docPart", ns).get(f"{{{W}}}val")
        assert glossary[part_name] == shown


def test_threat_intel_template_is_protected_legacy_form() -> None:
    path = FIXTURES / "threat-intel-sharing" / "template.docx"
    settings = part(path, "word/settings.xml").decode()
    assert '<w:documentProtection w:edit="forms" w:enforcement="1"/>' in settings
    document = part(path, "word/document.xml").decode()
    assert "<w:sdt>" not in document
    assert document.count(" FORMCHECKBOX ") > 20 and " FORMDROPDOWN " in document
    assert '<w:type w:val="date"/><w:format w:val="MM/dd/yyyy"/>' in document


def test_producers_look_like_their_producers() -> None:
    gdocs = FIXTURES / "esg-supplier-questionnaire" / "template.docx"
    with zipfile.ZipFile(gdocs) as archive:
        assert not any(n.startswith("docProps/") for n in archive.namelist())
        assert archive.namelist()[-1] == "[Content_Types].xml"
    assert b'w14:paraId="00000001"' in part(gdocs, "word/document.xml")
    libre = FIXTURES / "university-precourse" / "template.docx"
    assert b"LibreOffice/7.4" in part(libre, "docProps/app.xml")
    assert b"<w:id " not in part(libre, "word/document.xml")
    word = FIXTURES / "section508-acr" / "template.docx"
    assert b"<Application>Microsoft Office Word</Application>" in part(word, "docProps/app.xml")


# --------------------------------------------------------------------------- content vs promise


def visible(path: Path) -> str:
    return "\n".join(paragraphs(path))


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.folder)
def test_template_shows_every_question_and_field(form: Form) -> None:
    text = normalise(visible(FIXTURES / form.folder / "template.docx").replace("\n", " "))
    data = load(form)
    for label in data["fields"]:
        assert label in text, label
    for q in data["questions"]:
        for piece in q["text"].split(" – "):  # grid cells: row label – column header
            assert piece in text, q["text"]


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.folder)
def test_answers_are_in_the_forms(form: Form) -> None:
    data = load(form)
    questions = {q["id"]: q for q in data["questions"]}
    for resp in form.responses:
        got = data["forms"][resp.file]
        text = visible(FIXTURES / form.folder / "inbox" / resp.file)
        flat = " ".join(text.split())
        for value in got["fields"].values():
            for line in value.split("\n"):
                assert line in text, (resp.file, line)
        for qid, answer in got["answers"].items():
            if answer["status"] != "answered":
                continue
            lines = answer["text"].split("\n")
            if questions[qid]["kind"] == "choice" and answer["value"]:
                lines = lines[1:]  # the labels are the template's own text
            for line in lines:
                assert " ".join(line.split()) in flat, (resp.file, qid, line)
        template = " ".join(visible(FIXTURES / form.folder / "template.docx").split())
        for qid, q in questions.items():
            if got["answers"][qid]["status"] == "missing":
                assert flat.count(q["text"]) < template.count(q["text"]), (resp.file, qid)


def ticked_boxes(path: Path) -> int:
    """Ticked checkbox content controls and legacy check boxes in the body."""
    xml = part(path, "word/document.xml").decode()
    controls = len(re.findall(r'<w14:checked w14:val="1"/>', xml))
    legacy = len(re.findall(r'<w:checked/>|<w:checked w:val="(?:1|true)"/>', xml))
    return controls + legacy


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.folder)
def test_ticked_boxes_match_the_chosen_values(form: Form) -> None:
    """Every option chosen in a box question is one ticked box (or one typed tick), no more."""
    box_keys = {q.key for _, _, q in form.questions() if q.kind == "choice" and not q.prompted}
    for resp in [*form.responses]:
        path = FIXTURES / form.folder / "inbox" / resp.file
        want = sum(len(resp.get(k).chosen) for k in box_keys if resp.get(k).act == "fill")
        if form.producer == "gdocs":
            tick = resp.extra["tick"]
            got = sum(p == tick or p.startswith(tick + " ") for p in paragraphs(path))
        else:
            got = ticked_boxes(path)
        assert got == want, resp.file
    assert ticked_boxes(FIXTURES / form.folder / "template.docx") == 0


def test_readme_covers_every_form() -> None:
    readme = (FIXTURES / "README.md").read_text("utf-8")
    for form in FORMS:
        assert f"## `{form.folder}/`" in readme
        for resp in form.responses:
            assert resp.file in readme
