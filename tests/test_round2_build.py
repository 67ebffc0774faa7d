"""The round-2 fixtures (fixtures/round2/, built by fixtures/build_round2.py).

The committed files are what the builder writes; template_v1 is round 1's template; template_v2
differs from it only as the README says; expected.json is consistent with itself, with the
forms' content and with round 1's expected answers.

This module does not import docxmerge (its source tree may be moving): packages are read with
zipfile and lxml, and it runs without conftest.py too (``pytest --noconftest``).
"""

from __future__ import annotations

import difflib
import io
import json
import sys
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fixtures import build_fixtures as bf  # noqa: E402
from fixtures import build_round2 as b2  # noqa: E402
from fixtures import wordxml as wx  # noqa: E402

ROUND2 = ROOT / "fixtures" / "round2"
W = wx.W
NS = {"w": W}
WORDS = {"new", "unchanged", "changed", "dropped", None}


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROUND2 / "expected.json").read_text("utf-8"))
    return data


def document(path: Path) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def core(path: Path) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return etree.fromstring(archive.read("docProps/core.xml"))


def own_text(para: etree._Element) -> str:
    """Accepted-view text of one paragraph: w:t, tabs and breaks; no w:del, no hidden runs."""
    out = []
    for node in para.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"):
        ancestors = list(node.iterancestors())
        if next(a for a in ancestors if a.tag == f"{{{W}}}p") is not para:
            continue
        if any(a.tag == f"{{{W}}}del" for a in ancestors):
            continue
        run = next(a for a in ancestors if a.tag == f"{{{W}}}r")
        if run.find("w:rPr/w:vanish", NS) is not None:
            continue
        if node.tag == f"{{{W}}}t":
            out.append(node.text or "")
        else:
            out.append("\n" if node.tag == f"{{{W}}}br" else "\t")
    return "".join(out)


def body_texts(root: etree._Element) -> list[str]:
    """Texts of the body's own paragraphs and controls' paragraphs, in order (tables skipped)."""
    body = root.find("w:body", NS)
    out = []
    for el in body:
        if el.tag == f"{{{W}}}p":
            out.append(own_text(el))
        elif el.tag == f"{{{W}}}sdt":
            out += [own_text(p) for p in el.find("w:sdtContent", NS).iter(f"{{{W}}}p")]
    return out


def control(root: etree._Element, key: str) -> etree._Element | None:
    """The template control of question ``key`` (its w:id is kept in every form)."""
    wanted = str(bf.control_id(key))
    for sdt in root.iter(f"{{{W}}}sdt"):
        if sdt.find("w:sdtPr/w:id", NS).get(f"{{{W}}}val") == wanted:
            return sdt
    return None


def control_text(sdt: etree._Element) -> str:
    paras = [own_text(p).strip() for p in sdt.find("w:sdtContent", NS).iter(f"{{{W}}}p")]
    return "\n".join(p for p in paras if p)


def forms() -> list[str]:
    return list(expected()["forms"])


# --------------------------------------------------------------------------- built files


def test_committed_round2_is_up_to_date(tmp_path: Path) -> None:
    written = b2.build(tmp_path / "round2")
    built = sorted(p.relative_to(tmp_path / "round2").as_posix() for p in written)
    committed = sorted(p.relative_to(ROUND2).as_posix() for p in ROUND2.rglob("*") if p.is_file())
    assert built == committed
    for name in built:
        assert (tmp_path / "round2" / name).read_bytes() == (ROUND2 / name).read_bytes(), name


def test_template_v1_is_round_1_template() -> None:
    v1 = (ROUND2 / "templates" / "template_v1.docx").read_bytes()
    assert v1 == (ROOT / "fixtures" / "template.docx").read_bytes()


def test_expected_json_is_the_builders() -> None:
    assert expected() == json.loads(json.dumps(b2.expected()))


def test_template_v2_differs_from_v1_as_described() -> None:
    v1 = body_texts(document(ROUND2 / "templates" / "template_v1.docx"))
    v2 = body_texts(document(ROUND2 / "templates" / "template_v2.docx"))
    want = list(v1)
    want[want.index(bf.TITLE)] = b2.V2.title
    want[want.index(bf.QUESTIONS["1.2"])] = b2.Q12_V2
    after = want.index(bf.QUESTIONS["2.1"]) + 3  # question, prompt, spacer
    want[after:after] = [b2.Q22, wx.PROMPT, ""]
    assert v2 == want
    for name, title, created in [
        ("template_v1.docx", "Uppföljningsrapport näringsliv", "2022-08-15T07:30:00Z"),
        ("template_v2.docx", b2.V2.core_title, b2.V2.created),
    ]:
        props = core(ROUND2 / "templates" / name)
        assert props.findtext("{http://purl.org/dc/elements/1.1/}title") == title
        assert props.findtext("{http://purl.org/dc/terms/}created") == created
    v2_root = document(ROUND2 / "templates" / "template_v2.docx")
    added = control(v2_root, b2.ADDED)
    assert added is not None and added.find("w:sdtPr/w:showingPlcHdr", NS) is not None
    assert control_text(added) == wx.PROMPT


# --------------------------------------------------------------------------- expected.json


def test_templates_and_inbox_match_expected() -> None:
    data = expected()
    assert data["templates"] == ["templates/template_v1.docx", "templates/template_v2.docx"]
    for template in data["templates"]:
        assert (ROUND2 / template).is_file()
    names = {t.rsplit("/", 1)[1] for t in data["templates"]}
    assert sorted(forms()) == sorted(p.name for p in (ROUND2 / "inbox").iterdir())
    assert {form["template"] for form in data["forms"].values()} == names
    on_v1 = sorted(
        f["respondent"] for f in data["forms"].values() if f["template"] == "template_v1.docx"
    )
    assert on_v1 == ["Exploateringsnämnden", "Kulturnämnden"]


def test_questions_are_the_union_in_v2_order() -> None:
    questions = expected()["questions"]
    assert [q["id"] for q in questions] == [*b2.V2.questions, "4.1"]
    v2_text = body_texts(document(ROUND2 / "templates" / "template_v2.docx"))
    for q in questions:
        if q["id"] != "4.1":
            assert q["text"] in v2_text
        assert "template_v2.docx" in q["asked_by"]
        added = q["id"] == b2.ADDED
        assert q["asked_by"] == (
            ["template_v2.docx"] if added else ["template_v1.docx", "template_v2.docx"]
        )
        assert q["round1_id"] == (None if added else q["id"])


def test_one_answer_per_question_and_not_asked_exactly_where_template_lacks_it() -> None:
    questions = expected()["questions"]
    for name, form in expected()["forms"].items():
        answers = form["answers"]
        assert len(answers) == len(questions), name
        for q, answer in zip(questions, answers, strict=True):
            lacks = form["template"] not in q["asked_by"]
            assert (answer["status"] == "not_asked") == lacks, (name, q["id"])
            assert answer["status"] in {"answered", "placeholder", "empty", "missing", "not_asked"}
            assert answer["comparison"] in WORDS
            assert (answer["text"] != "") == (answer["status"] == "answered"), (name, q["id"])
            if lacks:
                assert answer["comparison"] is None


def test_comparisons_follow_round_1() -> None:
    """Each comparison word, recomputed from round 1's expected answers (build_fixtures)."""
    round1 = bf.expected()
    for name, form in expected()["forms"].items():
        before_file = form["previous_file"]
        for q, answer in zip(expected()["questions"], form["answers"], strict=True):
            before = None
            if before_file is not None and q["round1_id"] is not None:
                key = bf.OTHER if q["round1_id"] == "4.1" else q["round1_id"]
                old = round1[before_file]["answers"][key]
                text = "\n".join(p.strip() for p in old["paragraphs"] if p.strip())
                before = (old["status"], text)
            was = before is not None and before[0] == "answered"
            now = answer["status"] == "answered"
            word, where = answer["comparison"], (name, q["id"])
            if not was:
                assert word == ("new" if now else None), where
            elif not now:
                assert word == "dropped", where
            else:
                assert before is not None
                similarity = difflib.SequenceMatcher(
                    None, before[1], answer["text"], autojunk=False
                ).ratio()
                assert word == ("unchanged" if similarity >= 0.9 else "changed"), where
                if word == "unchanged":
                    identical = before[1] == answer["text"]
                    assert answer["similarity_min"] == (1.0 if identical else 0.9), where
                    assert similarity >= answer["similarity_min"], where
            if word != "unchanged":
                assert "similarity_min" not in answer, where


def test_every_status_and_comparison_word_occurs() -> None:
    answers = [a for form in expected()["forms"].values() for a in form["answers"]]
    assert {a["comparison"] for a in answers} == WORDS
    statuses = {a["status"] for a in answers}
    assert statuses == {"answered", "placeholder", "empty", "missing", "not_asked"}
    pairs = {(a["status"], a["comparison"]) for a in answers}
    for pair in [("placeholder", "dropped"), ("empty", "dropped"), ("missing", "dropped")]:
        assert pair in pairs
    near = [a for a in answers if a.get("similarity_min") == 0.9]
    assert len(near) >= 6  # white space, trailing period, typo fixes, one word changed


def test_respondents_across_rounds() -> None:
    data = expected()
    round1 = {form.file: form.committee for form in bf.FORMS}
    seen = set()
    for name, form in data["forms"].items():
        assert form["written_as"]
        if form["previous_file"] is None:
            assert form["respondent"] not in round1.values(), name
            assert all(a["comparison"] in {"new", None} for a in form["answers"]), name
        else:
            assert round1[form["previous_file"]] == form["respondent"], name
        seen.add(form["respondent"])
    assert data["forms"]["Farsta T3 2022.docx"]["previous_file"] == "Farsta v2 slutlig.docx"
    missing = {x["respondent"] for x in data["previous_only"]}
    assert missing and not missing & seen
    assert set(round1.values()) == (seen - {"Arbetsmarknadsnämnden"}) | missing
    for entry in data["previous_only"]:
        assert round1[entry["previous_file"]] == entry["respondent"]


# --------------------------------------------------------------------------- the forms


@pytest.mark.parametrize("name", forms())
def test_form_content_matches_expected(name: str) -> None:
    form = expected()["forms"][name]
    path = ROUND2 / "inbox" / name
    root = document(path)
    version = b2.V2 if form["template"] == "template_v2.docx" else b2.rx.V1
    texts = body_texts(root)
    assert texts[0] == version.title
    props = core(path)
    assert props.findtext("{http://purl.org/dc/terms/}created") == version.created
    assert "2022-10-01" < props.findtext("{http://purl.org/dc/terms/}modified") < "2023-01-01"
    for q, answer in zip(expected()["questions"], form["answers"], strict=True):
        key = bf.OTHER if q["id"] == "4.1" else q["id"]
        sdt = control(root, key)
        where = (name, q["id"])
        if answer["status"] in {"missing", "not_asked"}:
            assert sdt is None, where
            if answer["status"] == "not_asked":
                assert q["text"] not in texts, where
            continue
        assert sdt is not None, where
        showing = sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None
        assert showing == (answer["status"] == "placeholder"), where
        text = control_text(sdt)
        assert text == {"placeholder": wx.PROMPT, "empty": ""}.get(answer["status"], answer["text"])
    question_12 = b2.Q12_V2 if version is b2.V2 else bf.QUESTIONS["1.2"]
    assert question_12 in texts
