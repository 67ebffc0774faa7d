"""fixtures/blind/: the committed rounds are what build_blind.py builds, and every
expected.json keeps the contract of fixtures/EXPECTED.md and agrees with its forms.

Imports only the fixture builder (never the docxmerge package), so it also runs while the
package is broken or being moved: ``pytest --noconftest tests/test_blind_build.py``.
"""

from __future__ import annotations

import datetime
import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fixture_files import (
    FLAGS,
    KINDS,
    STATUSES,
    files_under,
    load_expected,
    main_part,
    part,
    visible_text,
)
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fixtures"))

import build_blind as bb  # noqa: E402

BLIND = ROOT / "fixtures" / "blind"
NAMES = [r.name for r in bb.ROUNDS]


def load(name: str) -> dict[str, Any]:
    return load_expected(BLIND / name)


def form_paths(name: str) -> list[Path]:
    not_forms = load(name).get("not_forms", {})
    inbox = BLIND / name / "inbox"
    return [p for p in sorted(inbox.iterdir()) if p.name not in not_forms]


# --------------------------------------------------------------------------- bytes


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("blind")
    bb.build(root)
    return root


def test_committed_rounds_are_what_the_builder_builds(built: Path) -> None:
    names = files_under(built)
    assert names == files_under(BLIND)
    for name in names:
        assert (built / name).read_bytes() == (BLIND / name).read_bytes(), name


def test_builder_is_deterministic(built: Path, tmp_path: Path) -> None:
    bb.build(tmp_path)
    for name in files_under(built):
        assert (built / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_ten_rounds_each_with_template_four_to_six_forms_and_expected() -> None:
    assert len(NAMES) == 10 and len(set(NAMES)) == 10
    assert sorted(p.name for p in BLIND.iterdir() if p.is_dir()) == sorted(NAMES)
    for name in NAMES:
        assert (BLIND / name / "template.docx").is_file()
        assert (BLIND / name / "expected.json").is_file()
        assert 4 <= len(form_paths(name)) <= 6, name


def test_libreoffice_round_is_copied_from_static_files(tmp_path: Path) -> None:
    rnd = next(r for r in bb.ROUNDS if r.static)
    static = bb.STATIC / rnd.name
    assert files_under(static) == [
        name for name in files_under(BLIND / rnd.name) if name != "expected.json"
    ]
    for name in files_under(static):
        data = (static / name).read_bytes()
        assert data == (BLIND / rnd.name / name).read_bytes(), name
        assert b"<Application>LibreOffice/7.4" in part(data, "docProps/app.xml"), name
    # the .fodt sources it was converted from are still what the builder writes
    bb.write_libreoffice_sources(tmp_path)
    expected = ["template.fodt", *(f"inbox/{Path(f.file).stem}.fodt" for f in rnd.forms)]
    assert files_under(tmp_path) == sorted(expected)
    for path in tmp_path.rglob("*.fodt"):
        etree.fromstring(path.read_bytes())


@pytest.mark.parametrize("name", NAMES)
def test_every_package_is_well_formed(name: str) -> None:
    for path in [BLIND / name / "template.docx", *form_paths(name)]:
        data = path.read_bytes()
        assert len(data) < 60_000, path.name
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                if member.endswith((".xml", ".rels")):
                    etree.fromstring(archive.read(member))


# --------------------------------------------------------------------------- expected.json


@pytest.mark.parametrize("name", NAMES)
def test_expected_json_keeps_the_contract(name: str) -> None:
    data = load(name)
    assert list(data)[:6] == ["template", "language", "title", "fields", "questions", "forms"]
    assert data["template"] == "template.docx"
    assert data["language"] in ("sv", "en", "nb", "da")
    assert data["title"] and isinstance(data["fields"], list)
    questions = data["questions"]
    sections: list[str] = []
    counters: dict[str, int] = {}
    for q in questions:
        assert q["kind"] in KINDS
        assert q["text"] == " ".join(q["text"].split()) and not q["text"].endswith(":")
        if q["section"] not in sections:
            sections.append(q["section"])
        else:
            assert sections[-1] == q["section"], "a section's questions stand together"
        counters[q["section"]] = counters.get(q["section"], 0) + 1
        assert q["id"] == f"{sections.index(q['section']) + 1}.{counters[q['section']]}", q
        if q["kind"] == "choice":
            assert q["options"] and isinstance(q["multiple"], bool)
            assert len(set(q["options"])) == len(q["options"])
        else:
            assert "options" not in q and "multiple" not in q
    ids = [q["id"] for q in questions]
    assert len(set(ids)) == len(ids)
    not_forms = data.get("not_forms", {})
    assert all(status in ("skipped", "unreadable") for status in not_forms.values())
    assert sorted(data["forms"]) == sorted(p.name for p in form_paths(name))
    for file, form in data["forms"].items():
        assert list(form) == ["respondent", "fields", "answers"], file
        assert list(form["fields"]) == data["fields"], file
        assert all(isinstance(v, str) and v == v.strip() for v in form["fields"].values())
        first = form["fields"][data["fields"][0]] if data["fields"] else ""
        assert form["respondent"] == (first or Path(file).stem), file
        assert list(form["answers"]) == ids, f"{file} answers every question"
        for q in questions:
            check_answer(q, form["answers"][q["id"]], f"{name}/{file}/{q['id']}")


def check_answer(q: dict[str, Any], a: dict[str, Any], where: str) -> None:
    assert list(a) == ["status", "text", "value", "flags"], where
    assert a["status"] in STATUSES, where
    assert set(a["flags"]) <= set(FLAGS), where
    assert a["flags"] == sorted(set(a["flags"]), key=FLAGS.index), where
    assert isinstance(a["text"], str) and a["text"] == a["text"].strip(), where
    assert all(line == line.strip() and line for line in a["text"].split("\n") if a["text"])
    if q["kind"] == "choice":
        value = a["value"]
        assert isinstance(value, list) and set(value) <= set(q["options"]), where
        assert value == [o for o in q["options"] if o in value], where
        assert ("several_chosen" in a["flags"]) == (len(value) > 1 and not q["multiple"]), where
        if value:
            assert a["text"].split("\n")[0] == ", ".join(value), where
    elif q["kind"] == "date":
        if a["value"] is not None:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["value"]), where
            datetime.date.fromisoformat(a["value"])
    else:
        assert a["value"] is None, where
        assert "several_chosen" not in a["flags"], where
    if a["status"] == "answered":
        assert a["text"] or a["value"] or q["kind"] == "text", where
    else:
        assert a["text"] == "" and a["value"] in ([], None), where
        assert not {"several_chosen", "declined", "placeholder_left", "outside_control"} & set(
            a["flags"]
        ), where
    if a["status"] == "missing":
        assert a["flags"] == [] and a["value"] == ([] if q["kind"] == "choice" else None)
    if "declined" in a["flags"]:
        assert a["status"] == "answered" and q["kind"] == "text", where
        assert a["text"] in bb.DECLINED, where


def test_rounds_cover_every_status_every_flag_but_data_binding_and_every_kind() -> None:
    answers = [
        a
        for name in NAMES
        for form in load(name)["forms"].values()
        for a in form["answers"].values()
    ]
    assert {a["status"] for a in answers} == STATUSES
    assert {f for a in answers for f in a["flags"]} == set(FLAGS) - {"data_binding"}
    assert {q["kind"] for name in NAMES for q in load(name)["questions"]} == KINDS
    assert {load(name)["language"] for name in NAMES} == {"sv", "en", "nb", "da"}


@pytest.mark.parametrize("name", NAMES)
def test_questions_and_answers_stand_in_the_forms(name: str) -> None:
    """The template holds every question and option; every line of an answered text or
    date answer and every field value is text of its form; a missing question's text is not
    in its form, an edited one's stands there as edited."""
    data = load(name)
    template_part = main_part((BLIND / name / "template.docx").read_bytes())
    template = visible_text(template_part)
    for q in data["questions"]:
        assert q["text"] in " ".join(template.split()), q
        for option in q.get("options", []):
            assert option in template or option in template_part.decode(), option
    for file, form in data["forms"].items():
        text = visible_text(main_part((BLIND / name / "inbox" / file).read_bytes()))
        flat = " ".join(text.split())
        for value in form["fields"].values():
            assert value in text, (file, value)
        for q in data["questions"]:
            a = form["answers"][q["id"]]
            if a["status"] == "missing":
                assert q["text"] not in flat, (file, q["id"])
            elif "edited_heading" in a["flags"]:
                assert q["text"] not in flat or q["text"] != flat, (file, q["id"])
            else:
                assert q["text"] in flat, (file, q["id"])
            if a["status"] != "answered":
                continue
            lines = a["text"].split("\n")
            if q["kind"] == "choice" and a["value"]:
                lines = lines[1:]  # the comment; the chosen labels are template text
            for line in lines:
                assert line in text, (file, q["id"], line)


def test_template_has_no_answers_and_copies_of_it_read_as_blank() -> None:
    for name in NAMES:
        data = load(name)
        template = (BLIND / name / "template.docx").read_bytes()
        for file, form in data["forms"].items():
            if (BLIND / name / "inbox" / file).read_bytes() != template:
                continue
            assert form["respondent"] == Path(file).stem
            assert all(a["status"] in ("placeholder", "empty") for a in form["answers"].values())


# --------------------------------------------------------------------------- the data


def test_out_of_order_marks_both_of_a_swapped_pair_and_a_lone_move() -> None:
    qs = [bb.Q(k, "S", k) for k in "abcde"]
    answers = {k: bb.UNTOUCHED for k in "abcde"}
    rnd = bb.Round("r", "en", "T", [], qs, [], "", [], bb.no_render)

    def moved(order: str) -> set[str]:
        return bb.out_of_order(rnd, bb.Form("f.docx", {}, answers, "", order=list(order)))

    assert moved("abcde") == set()
    assert moved("acbde") == {"b", "c"}
    assert moved("abdec") == {"c"}
    assert moved("eabcd") == {"e"}


def test_readme_tables_come_from_the_same_data_as_expected_json() -> None:
    readme = (BLIND / "README.md").read_text("utf-8")
    for name in NAMES:
        assert f"## {name} (" in readme
        for file, form in load(name)["forms"].items():
            row = next(line for line in readme.splitlines() if line.startswith(f"| {file} | "))
            cells = [c.strip() for c in row.strip("|").split(" | ")]
            statuses = [c.split(" ")[0] for c in cells[3:]]
            assert statuses == [a["status"] for a in form["answers"].values()], file


# --------------------------------------------------------------------------- Word markup


def xml_of(name: str, member: str, file: str = "template.docx") -> str:
    path = BLIND / name / file if file == "template.docx" else BLIND / name / "inbox" / file
    return part(path.read_bytes(), member).decode("utf-8")


def test_localised_style_ids() -> None:
    nb = xml_of("nb-survey-richtext", "word/styles.xml")
    assert 'w:styleId="Overskrift1"' in nb and 'w:styleId="Plassholdertekst"' in nb
    assert '<w:lang w:val="nb-NO"' in nb and "Rubrik" not in nb
    da = xml_of("da-application-cells", "word/styles.xml")
    assert 'w:styleId="Tabel-Gitter"' in da and 'w:styleId="Pladsholdertekst"' in da
    assert '<w:lang w:val="da-DK"' in da and "Rubrik" not in da
    sv = xml_of("sv-enkat-numbered", "word/styles.xml")
    assert 'w:styleId="Liststycke"' in sv
    en = xml_of("en-mixed-survey", "word/styles.xml")
    assert 'w:styleId="Heading1"' in en and '<w:lang w:val="en-US"' in en


def test_round_markup() -> None:
    body = xml_of("nb-survey-richtext", "word/document.xml")
    assert "Klikk eller trykk her for å skrive inn tekst." in body and "<w:showingPlcHdr/>" in body
    body = xml_of("en-onboarding-table", "word/document.xml")
    for needle in ["<w:dropDownList", "<w:date>", "<w14:checkbox>", "<w:tblHeader/>", "<w:text/>"]:
        assert needle in body, needle
    body = xml_of("sv-enkat-numbered", "word/document.xml")
    assert "<w:sdt>" not in body and " FORM" not in body
    numbering = xml_of("sv-enkat-numbered", "word/numbering.xml")
    assert '<w:lvlText w:val="%1.%2"/>' in numbering
    assert '<w:ilvl w:val="1"/><w:numId w:val="3"/>' in body
    body = xml_of("en-course-eval-grid", "word/document.xml")
    assert body.count(" FORMCHECKBOX ") == 7 * 5 and body.count(" FORMTEXT ") == 3
    assert 'w:enforcement="1"' in xml_of("en-course-eval-grid", "word/settings.xml")
    body = xml_of("en-supplier-ddq", "word/document.xml")
    assert body.count("<w:dropDownList") == 8 and body.count('<w:gridSpan w:val="2"/>') == 3
    body = xml_of("en-grant-report-rows", "word/document.xml")
    assert "<w:sdt>" not in body and "<w:i/>" not in body
    # 12 answer rows hold the prompt as a plain run (and the instruction quotes it once)
    assert body.count("<w:r><w:t>[Enter your answer here]</w:t></w:r>") == 12
    body = xml_of("en-incident-legacy", "word/document.xml")
    assert body.count('<w:type w:val="date"/><w:format w:val="dd/MM/yyyy"/>') == 2
    assert '<w:listEntry w:val="Select..."/>' in body
    body = xml_of("da-application-cells", "word/document.xml")
    assert '<w:lid w:val="da-DK"/>' in body and "Skriv her." in body
    body = xml_of("en-mixed-survey", "word/document.xml")
    assert body.count("<w14:checkbox>") == 7 + 6 + 5 + 4 * 4


def test_libreoffice_markup() -> None:
    body = xml_of("en-libreoffice-volunteer", "word/document.xml")
    styles = xml_of("en-libreoffice-volunteer", "word/styles.xml")
    assert "w14:paraId" not in body and "<w:sdt>" not in body
    assert 'w:val="TextBody"' in body and "Liberation" in xml_of(
        "en-libreoffice-volunteer", "word/fontTable.xml"
    )
    assert 'w:styleId="Heading1"' in styles
    assert body.count(" FORMCHECKBOX ") == 7 and body.count(" FORMDROPDOWN ") == 1
    assert "\u2002" * 5 in body
