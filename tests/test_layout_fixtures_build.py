"""fixtures/layouts/: the committed rounds are what build_layouts.py builds, and every
expected.json keeps the contract of fixtures/EXPECTED.md.

Imports only the fixture builder (never the docxmerge package), so it also runs while the
package is being moved: ``pytest --noconftest tests/test_layout_fixtures_build.py``.
"""

from __future__ import annotations

import datetime
import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from fixture_files import (
    FLAGS,
    KINDS,
    STATUSES,
    W,
    files_under,
    load_expected,
    main_part,
    part,
    visible_text,
)
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fixtures import build_layouts as bl  # noqa: E402

LAYOUTS = ROOT / "fixtures" / "layouts"
ROUND_NAMES = [r.name for r in bl.ROUNDS]
NS = {"w": W}


def load(name: str) -> dict[str, Any]:
    return load_expected(LAYOUTS / name)


# --------------------------------------------------------------------------- bytes


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layouts")
    bl.build(root)
    return root


def test_committed_layouts_are_what_the_builder_builds(built: Path) -> None:
    names = files_under(built)
    assert names == files_under(LAYOUTS)
    for name in names:
        assert (built / name).read_bytes() == (LAYOUTS / name).read_bytes(), name


def test_builder_is_deterministic(built: Path, tmp_path: Path) -> None:
    bl.build(tmp_path)
    for name in files_under(built):
        assert (built / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_one_folder_per_layout_with_template_inbox_and_expected() -> None:
    assert ROUND_NAMES == [
        "numbered-legacy",
        "label-answer-table",
        "row-table",
        "grid",
        "numbered-list",
        "headings-deep",
    ]
    assert sorted(p.name for p in LAYOUTS.iterdir() if p.is_dir()) == sorted(ROUND_NAMES)
    for name in ROUND_NAMES:
        folder = LAYOUTS / name
        assert (folder / "template.docx").is_file()
        assert (folder / "expected.json").is_file()
        forms = [p for p in (folder / "inbox").iterdir() if not p.name.startswith("~$")]
        assert 5 <= len(forms) <= 8, name


@pytest.mark.parametrize("name", ROUND_NAMES)
def test_every_package_is_well_formed_and_small(name: str) -> None:
    folder = LAYOUTS / name
    not_forms = load(name).get("not_forms", {})
    for path in [folder / "template.docx", *sorted((folder / "inbox").iterdir())]:
        if path.name in not_forms:
            continue
        data = path.read_bytes()
        assert len(data) < 40_000, path.name
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if member.endswith((".xml", ".rels")):
                    etree.fromstring(archive.read(member))


@pytest.mark.parametrize("name", ROUND_NAMES)
def test_every_form_opens_with_python_docx_under_its_title(name: str) -> None:
    data = load(name)
    for path in [LAYOUTS / name / "template.docx", *(LAYOUTS / name / "inbox").iterdir()]:
        if path.name in data.get("not_forms", {}):
            continue
        first = docx.Document(str(path)).paragraphs[0]
        assert (first.text, first.style.name) == (data["title"], "Title"), path.name


# --------------------------------------------------------------------------- expected.json


@pytest.mark.parametrize("name", ROUND_NAMES)
def test_expected_json_keeps_the_contract(name: str) -> None:
    data = load(name)
    assert data["template"] == "template.docx"
    assert data["language"] in ("sv", "en")
    assert data["title"] and isinstance(data["fields"], list)
    questions = data["questions"]
    counters: dict[str, int] = {}
    sections: list[str] = []
    for q in questions:
        assert q["kind"] in KINDS
        assert q["text"] == " ".join(q["text"].split()) and not q["text"].endswith(":")
        if q["section"] not in sections:
            sections.append(q["section"])
        s = sections.index(q["section"]) + 1
        counters[q["section"]] = counters.get(q["section"], 0) + 1
        assert q["id"] == f"{s}.{counters[q['section']]}", q
        if q["kind"] == "choice":
            assert q["options"] and isinstance(q["multiple"], bool)
            assert len(set(q["options"])) == len(q["options"])
        else:
            assert "options" not in q and "multiple" not in q
    ids = [q["id"] for q in questions]
    inbox = LAYOUTS / name / "inbox"
    not_forms = data.get("not_forms", {})
    assert sorted(data["forms"]) == sorted(
        p.name for p in inbox.iterdir() if p.name not in not_forms
    )
    assert all(status in ("skipped", "unreadable") for status in not_forms.values())
    for file, form in data["forms"].items():
        assert form["respondent"], file
        assert list(form["fields"]) == data["fields"], file
        first = form["fields"][data["fields"][0]] if data["fields"] else ""
        assert form["respondent"] == (first or Path(file).stem), file
        assert list(form["answers"]) == ids, file
        for q in questions:
            check_answer(q, form["answers"][q["id"]], f"{name}/{file}/{q['id']}")


def check_answer(q: dict[str, Any], a: dict[str, Any], where: str) -> None:
    assert set(a) == {"status", "text", "value", "flags"}, where
    assert a["status"] in STATUSES, where
    assert set(a["flags"]) <= set(FLAGS), where
    assert a["flags"] == sorted(set(a["flags"]), key=FLAGS.index), where
    assert isinstance(a["text"], str) and a["text"] == a["text"].strip(), where
    if q["kind"] == "choice":
        value = a["value"]
        assert isinstance(value, list) and set(value) <= set(q["options"]), where
        assert value == [o for o in q["options"] if o in value], where
        assert ("several_chosen" in a["flags"]) == (len(value) > 1 and not q["multiple"]), where
        if value:
            assert a["text"].split("\n")[0] == ", ".join(value), where
    elif q["kind"] == "date":
        if a["value"] is not None:
            datetime.date.fromisoformat(a["value"])
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["value"]), where
    else:
        assert a["value"] is None, where
    if a["status"] == "answered":
        assert a["text"] or a["value"] or q["kind"] == "text", where
    else:
        assert a["text"] == "" and a["value"] in ([], None), where
        assert a["flags"] == [] or a["status"] != "missing", where
    if "declined" in a["flags"]:
        assert a["status"] == "answered" and q["kind"] == "text", where


def test_rounds_cover_every_status_flag_and_kind() -> None:
    answers = [
        a
        for name in ROUND_NAMES
        for form in load(name)["forms"].values()
        for a in form["answers"].values()
    ]
    assert {a["status"] for a in answers} == STATUSES
    assert {f for a in answers for f in a["flags"]} == set(FLAGS)
    kinds = {q["kind"] for name in ROUND_NAMES for q in load(name)["questions"]}
    assert kinds == KINDS
    assert {load(name)["language"] for name in ROUND_NAMES} == {"sv", "en"}


@pytest.mark.parametrize("name", ROUND_NAMES)
def test_answer_texts_stand_in_the_forms(name: str) -> None:
    """Every line of an answered text or date answer is text of the form (a bound value: of
    its customXml store); the template holds every question and option."""
    data = load(name)
    template_part = main_part((LAYOUTS / name / "template.docx").read_bytes())
    template = visible_text(template_part)
    for q in data["questions"]:
        assert q["text"] in template, q
        for option in q.get("options", []):
            # labels are text; list items are w:listItem / w:listEntry attributes
            assert option in template or option in template_part.decode(), option
    for file, form in data["forms"].items():
        package = (LAYOUTS / name / "inbox" / file).read_bytes()
        text = visible_text(main_part(package))
        for field, value in form["fields"].items():
            assert value in text, (file, field)
        for q in data["questions"]:
            a = form["answers"][q["id"]]
            if a["status"] != "answered" or q["kind"] == "choice":
                continue
            where = text
            if "data_binding" in a["flags"]:
                where = part(package, "customXml/item1.xml").decode("utf-8")
            for line in a["text"].split("\n"):
                assert line in where, (file, q["id"], line)


# --------------------------------------------------------------------------- Word markup


def template_xml(name: str, member: str = "word/document.xml") -> str:
    return part((LAYOUTS / name / "template.docx").read_bytes(), member).decode("utf-8")


def test_numbered_legacy_markup() -> None:
    body = template_xml("numbered-legacy")
    settings = template_xml("numbered-legacy", "word/settings.xml")
    assert '<w:documentProtection w:edit="forms" w:enforcement="1"/>' in settings
    assert body.count(" FORMCHECKBOX ") == 4 and body.count(" FORMDROPDOWN ") == 1
    assert body.count(" FORMTEXT ") == 6
    assert '<w:textInput><w:type w:val="date"/><w:format w:val="yyyy-MM-dd"/>' in body
    assert body.count("\u2002") == 30  # five EN SPACEs in each untouched FORMTEXT
    assert '<w:listEntry w:val="Välj..."/>' in body
    assert 'w:val="Rubrik2"' in body and 'w:val="Rubrik1"' not in body
    kultur = part(
        (LAYOUTS / "numbered-legacy" / "inbox" / "Kulturnämnden.docx").read_bytes(),
        "word/settings.xml",
    )
    assert b'w:enforcement="0"' in kultur


def test_label_answer_table_markup() -> None:
    body = template_xml("label-answer-table")
    styles = template_xml("label-answer-table", "word/styles.xml")
    for needle in [
        "<w14:checkbox>",
        'w14:checkedState w14:val="2612" w14:font="MS Gothic"',
        "<w:dropDownList>",
        "<w:comboBox>",
        '<w:dateFormat w:val="d MMMM yyyy"/>',
        "<w:tblHeader/>",
        '<w:gridSpan w:val="2"/>',
        '<w:listItem w:value="Choose an item."/>',
        'w:styleId="PlaceholderText"',
    ]:
        assert needle in body + styles, needle
    assert '<w:lang w:val="en-GB"' in styles
    nordic = (
        LAYOUTS / "label-answer-table" / "inbox" / "Nordic Office Supply AB.docx"
    ).read_bytes()
    xml = part(nordic, "word/document.xml").decode()
    assert "<w:del " in xml and "<w:ins " in xml and "<w:commentReference" in xml
    assert 'w:fullDate="2022-03-15T00:00:00Z"' in xml


def test_row_table_has_no_controls() -> None:
    body = template_xml("row-table")
    assert "<w:sdt>" not in body
    grey = '<w:i/><w:iCs/><w:color w:val="808080"/>'
    assert body.count(f"<w:r><w:rPr>{grey}</w:rPr><w:t>Skriv ditt svar här</w:t></w:r>") == 9


def test_grid_has_a_checkbox_per_option_cell() -> None:
    body = template_xml("grid")
    grid_rows = [q for q in load("grid")["questions"] if q["kind"] == "choice"]
    assert body.count("<w14:checkbox>") == 4 * len(grid_rows)
    assert "\u2612" not in body  # nothing ticked in the template


def test_numbered_list_markup() -> None:
    body = template_xml("numbered-list")
    for needle in [
        "<w15:repeatingSection/>",
        "<w15:repeatingSectionItem/>",
        "<w:picture/>",
        "<w:dataBinding ",
        '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr>',
    ]:
        assert needle in body, needle
    numbering = template_xml("numbered-list", "word/numbering.xml")
    assert '<w:numFmt w:val="decimal"/>' in numbering
    assert template_xml("numbered-list", "customXml/item1.xml").endswith(
        "<ansvarig></ansvarig></uppfoljning>"
    )
    questions = [q["text"] for q in load("numbered-list")["questions"]]
    assert not any(re.match(r"\d", text) for text in questions)


def test_numbered_list_has_a_form_saved_by_libreoffice() -> None:
    data = (LAYOUTS / "numbered-list" / "inbox" / "Kulturnämnden.docx").read_bytes()
    assert b"<Application>LibreOffice/7.4" in part(data, "docProps/app.xml")
    static = ROOT / "fixtures" / "layouts-static" / "numbered-list" / "Kulturnämnden.docx"
    assert static.read_bytes() == data


def test_headings_deep_markup() -> None:
    body = template_xml("headings-deep")
    assert body.count('w:val="Rubrik1"') == 2 and body.count('w:val="Rubrik3"') == 5
    assert 'w:val="Rubrik2"' not in body and "<w:sdt>" not in body
