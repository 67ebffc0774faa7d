"""answers.versions: several template versions in one run (union, assignment, not_asked), and
the files behind --template given as a folder (docx.template_files)."""

from __future__ import annotations

import dataclasses
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES

from docxmerge.answers.form import match_form
from docxmerge.answers.template import derive_template
from docxmerge.answers.versions import (
    SAME_TEXT,
    _Entry,
    _Part,
    match_versions,
    pair_texts,
    same_text,
    to_union,
    union_of,
)
from docxmerge.docx.reader import read_docx
from docxmerge.docx.template_files import template_date, template_files
from docxmerge.model import (
    FieldSpec,
    Message,
    Question,
    Section,
    Template,
    TemplateVersion,
    UnreadableError,
)
from docxmerge.run import RunError, read_templates

ROUND2 = FIXTURES / "round2"
V1, V2 = ROUND2 / "templates" / "template_v1.docx", ROUND2 / "templates" / "template_v2.docx"
EXPECTED = json.loads((ROUND2 / "expected.json").read_text("utf-8"))


def version(name: str, template: Template) -> TemplateVersion:
    return TemplateVersion(name, template, None, None)


def template(*questions: tuple[str, str], fields: tuple[str, ...] = ()) -> Template:
    """A template of (section title, question text) pairs, ids by position."""
    sections: list[Section] = []
    found: list[Question] = []
    for title, text in questions:
        if not sections or sections[-1].title != title:
            sections.append(Section(str(len(sections) + 1), title))
        section = sections[-1]
        count = sum(1 for q in found if q.section_id == section.id)
        found.append(Question(f"{section.id}.{count + 1}", section.id, title, text, "control"))
    return Template(
        "T", "sv-SE", tuple(sections), tuple(found), tuple(FieldSpec(f) for f in fields), (), ()
    )


def test_the_round2_union_in_the_newest_order() -> None:
    loaded = read_templates([ROUND2 / "templates"])
    assert [v.name for v in loaded.versions] == ["template_v1.docx", "template_v2.docx"]
    assert [(v.date, v.dated_by) for v in loaded.versions] == [
        ("2022-08-15T07:30:00Z", "modified"),
        ("2022-11-14T09:05:00Z", "modified"),
    ]
    union = loaded.union
    assert [(q.id, q.text, list(q.asked_by)) for q in union.questions] == [
        (q["id"], q["text"], q["asked_by"]) for q in EXPECTED["questions"]
    ]
    assert union.title == "UPPFÖLJNINGSRAPPORT NÄRINGSLIV – VERKSAMHETSBERÄTTELSE 2022"
    assert [f.label for f in union.fields] == [
        "Nämnd",
        "Kontaktperson för eventuella frågor",
        "Telefon",
        "E-post",
    ]
    v1, v2 = loaded.versions
    # template_v1's own ids are the union's (the added 2.2 is the last of its section)
    assert dict(v1.question_ids) == {
        q: q for q in ("1.1", "1.2", "2.1", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1")
    }
    assert sorted(v2.question_ids.values()) == [q["id"] for q in EXPECTED["questions"]]
    assert loaded.paths == (V1, V2)


def test_one_template_is_its_own_union() -> None:
    derived = derive_template(read_docx(FIXTURES / "template.docx"))
    union, (mapped,) = union_of([version("template.docx", derived)])
    assert union == dataclasses.replace(
        derived,
        questions=tuple(
            dataclasses.replace(q, asked_by=("template.docx",)) for q in derived.questions
        ),
    )
    assert dict(mapped.question_ids) == {q.id: q.id for q in derived.questions}


def test_an_older_question_is_inserted_after_the_one_it_follows() -> None:
    old = template(
        ("Mål", "Hur arbetar nämnden med målen?"),
        ("Mål", "Vilka resultat har ni nått?"),
        ("Mål", "Hur följer ni upp?"),
        ("Övrigt", "Övriga upplysningar"),
    )
    new = template(
        ("Mål", "Hur arbetar nämnden med målen under året?"),  # reworded: the same question
        ("Mål", "Hur följer ni upp?"),
        ("Budget", "Hur ser budgeten ut?"),
        ("Övrigt", "Övriga upplysningar"),
    )
    union, (older, newer) = union_of([version("old.docx", old), version("new.docx", new)])
    assert [(q.id, q.section, q.text, q.asked_by) for q in union.questions] == [
        ("1.1", "Mål", "Hur arbetar nämnden med målen under året?", ("old.docx", "new.docx")),
        ("1.2", "Mål", "Vilka resultat har ni nått?", ("old.docx",)),
        ("1.3", "Mål", "Hur följer ni upp?", ("old.docx", "new.docx")),
        ("2.1", "Budget", "Hur ser budgeten ut?", ("new.docx",)),
        ("3.1", "Övrigt", "Övriga upplysningar", ("old.docx", "new.docx")),
    ]
    assert dict(older.question_ids) == {"1.1": "1.1", "1.2": "1.2", "1.3": "1.3", "2.1": "3.1"}
    assert dict(newer.question_ids) == {"1.1": "1.1", "1.2": "1.3", "2.1": "2.1", "3.1": "3.1"}


def test_a_question_reworded_past_recognition_is_two_questions() -> None:
    old = template(("A", "Beskriv samverkan med näringslivet."))
    new = template(("A", "Vilka företag har ni träffat under hösten?"))
    union, _ = union_of([version("old.docx", old), version("new.docx", new)])
    assert [(q.id, q.text, q.asked_by) for q in union.questions] == [
        ("1.1", "Beskriv samverkan med näringslivet.", ("old.docx",)),
        ("1.2", "Vilka företag har ni träffat under hösten?", ("new.docx",)),
    ]


def test_an_older_section_and_field_are_kept() -> None:
    old = template(("Ekonomi", "Hur ser budgeten ut?"), ("Mål", "Hur följer ni upp?"))
    old = dataclasses.replace(old, fields=(FieldSpec("Nämnd"), FieldSpec("Diarienummer")))
    new = template(("Mål", "Hur följer ni upp?"), fields=("Nämnd", "E-post"))
    union, (older, _) = union_of([version("old.docx", old), version("new.docx", new)])
    assert [(s.id, s.title) for s in union.sections] == [("1", "Ekonomi"), ("2", "Mål")]
    assert [q.id for q in union.questions] == ["1.1", "2.1"]
    assert [f.label for f in union.fields] == ["Nämnd", "E-post", "Diarienummer"]
    assert dict(older.field_labels) == {"Nämnd": "Nämnd", "Diarienummer": "Diarienummer"}


def test_pairs_are_one_to_one_and_prefer_the_same_section() -> None:
    left = [["Kommentarer"], ["Kommentarer"]]
    right = [["Kommentarer"], ["Kommentarer"], ["Annat"]]
    assert pair_texts(left, right, lambda i, j: i == j) == {0: 0, 1: 1}
    assert pair_texts(left, right, lambda i, j: i != j) == {0: 1, 1: 0}
    assert pair_texts([["Vilken budget har nämnden?"]], right) == {}


@pytest.mark.parametrize("name", sorted(EXPECTED["forms"]))
def test_each_round2_form_is_assigned_its_template(name: str) -> None:
    loaded = read_templates([V1, V2])
    chosen, _ = match_versions(read_docx(ROUND2 / "inbox" / name), loaded.versions)
    assert chosen.name == EXPECTED["forms"][name]["template"]


def test_a_revision_that_only_adds_a_question_still_gets_only_its_own_forms(
    tmp_path: Path,
) -> None:
    # v2 made by editing v1: the same title paragraph, dc:title, dcterms:created and question
    # texts; only question 2.2 and the modified date are new. The v1 forms lack nothing of v1.
    revised = tmp_path / "template_v2.docx"
    with (
        zipfile.ZipFile(V2) as source,
        zipfile.ZipFile(V1) as old,
        zipfile.ZipFile(revised, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "docProps/core.xml":
                data = old.read(item.filename).replace(
                    b'<dcterms:modified xsi:type="dcterms:W3CDTF">2022-08-15T07:30:00Z',
                    b'<dcterms:modified xsi:type="dcterms:W3CDTF">2022-11-14T09:05:00Z',
                )
            elif item.filename == "word/document.xml":
                data = data.replace(" – VERKSAMHETSBERÄTTELSE 2022".encode(), b"")
                data = data.replace(" under året".encode(), b"")  # 1.2 as v1 has it
            target.writestr(item, data)
    loaded = read_templates([V1, revised])
    assert [v.name for v in loaded.versions] == ["template_v1.docx", "template_v2.docx"]
    for name, expected in EXPECTED["forms"].items():
        chosen, _ = match_versions(read_docx(ROUND2 / "inbox" / name), loaded.versions)
        assert (name, chosen.name) == (name, expected["template"])


def test_to_union_marks_what_the_template_does_not_ask() -> None:
    loaded = read_templates([V1, V2])
    v1 = loaded.versions[0]
    doc = read_docx(ROUND2 / "inbox" / "Kulturnämnden_VB_2022.docx")
    form = match_form(doc, v1.template, file="k.docx")
    form = dataclasses.replace(
        form,
        messages=(
            Message(
                "k.docx", "question 3.1", "low_match", "Question 3.1: x", (("question", "3.1"),)
            ),
        ),
    )
    mapped = to_union(form, v1, loaded.union)
    assert [(a.question_id, a.status) for a in mapped.answers] == [
        ("1.1", "answered"),
        ("1.2", "answered"),
        ("2.1", "answered"),
        ("2.2", "not_asked"),
        ("3.1", "answered"),
        ("3.2", "answered"),
        ("3.3", "answered"),
        ("3.4", "answered"),
        ("3.5", "answered"),
        ("4.1", "placeholder"),
    ]
    assert mapped.answers[3].text == "" and mapped.answers[3].value is None
    assert list(mapped.fields) == [f.label for f in v1.template.fields]
    assert mapped.messages == form.messages  # 3.1 is 3.1 in both


def test_messages_follow_the_union_ids() -> None:
    old = template(("A", "Hur följer ni upp?"), ("B", "Övrigt"))
    new = template(("A", "Ny fråga om budgeten?"), ("A", "Hur följer ni upp?"), ("B", "Övrigt"))
    union, (older, _) = union_of([version("old.docx", old), version("new.docx", new)])
    note = Message(
        "f.docx",
        "question 1.1",
        "low_match",
        "Question 1.1: the heading matched only 70%",
        (("question", "1.1"), ("score", "70")),
    )
    form = match_form(read_docx(V1), old)  # any form: only its messages are looked at here
    mapped = to_union(dataclasses.replace(form, messages=(note,)), older, union)
    assert mapped.messages == (
        Message(
            "f.docx",
            "question 1.2",
            "low_match",
            "Question 1.2: the heading matched only 70%",
            (("question", "1.2"), ("score", "70")),
        ),
    )


def test_template_files_of_a_folder(tmp_path: Path) -> None:
    for name in ("b.docx", "a.dotx", "~$a.docx", ".hidden.docx", "notes.txt", "c.DOCM"):
        (tmp_path / name).write_bytes(b"x")
    os.symlink(tmp_path / "b.docx", tmp_path / "link.docx")
    (tmp_path / "sub").mkdir()
    found = template_files([tmp_path, tmp_path / "b.docx"])
    assert [p.name for p in found] == ["a.dotx", "b.docx", "c.DOCM"]  # b.docx once
    with pytest.raises(UnreadableError) as raised:
        template_files([tmp_path / "sub"])
    assert (raised.value.code, raised.value.detail) == ("no_templates", str(tmp_path / "sub"))


def test_a_template_is_dated_by_modified_then_created_then_file(tmp_path: Path) -> None:
    doc = read_docx(V2)
    assert template_date(V2, doc) == ("2022-11-14T09:05:00Z", "modified")
    props = dataclasses.replace(doc.properties, modified=None)
    assert template_date(V2, dataclasses.replace(doc, properties=props)) == (
        "2022-11-14T08:20:00Z",
        "created",
    )
    bare = dataclasses.replace(doc, properties=dataclasses.replace(props, created=None))
    copy = tmp_path / "t.docx"
    copy.write_bytes(V2.read_bytes())
    os.utime(copy, (1_700_000_000, 1_700_000_000))
    assert template_date(copy, bare) == ("2023-11-14T22:13:20+00:00", "file")


def test_an_empty_template_folder_is_refused_in_the_runs_language(tmp_path: Path) -> None:
    with pytest.raises(RunError) as raised:
        read_templates([tmp_path], lang="sv")
    assert str(raised.value) == f"ingen mall (.docx, .dotx, .docm, .dotm) i mappen {tmp_path}"


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        (
            'Beskriv arbetet med "Växla upp Stockholm"',
            "Beskriv arbetet med Växla upp Stockholm under året",
            True,
        ),
        ("Hur arbetar nämnden med målen?", "Hur arbetar nämnden med målen under året?", True),
        ("Kontaktperson", "Kontaktperson för eventuella frågor", True),
        ("Telefon", "Telefonnummer", True),
        ("Antal anställda 2021", "Antal anställda 2022", True),  # the year of the round
        ("Hur samverkar ni med stadsdelsnämnden?", "Hur samverkar ni med nämnden?", True),
        ("Hur samverkar nämnden med polisen?", "Hur samverkar nämnden med skolan?", False),
        (
            "Beskriv samverkan med näringslivet.",
            "Vilka företag har ni träffat under hösten?",
            False,
        ),
        ("Övriga upplysningar", "Hur ser budgeten ut?", False),
    ],
)
def test_a_reworded_question_is_the_same_question(old: str, new: str, same: bool) -> None:
    assert (same_text(old, new) >= SAME_TEXT) is same
    assert (same_text(new, old) >= SAME_TEXT) is same


def test_questions_under_no_heading_stay_together_across_versions() -> None:
    old = dataclasses.replace(
        template(("Enkät 2021", "Namn"), ("Enkät 2021", "Hur nöjd är du?")),
        sections=(Section("1", "Enkät 2021", has_heading=False),),
    )
    new = dataclasses.replace(
        template(("Enkät 2022", "Namn"), ("Enkät 2022", "Vad kan bli bättre?")),
        sections=(Section("1", "Enkät 2022", has_heading=False),),
    )
    union, _ = union_of([version("old.docx", old), version("new.docx", new)])
    assert [(s.title, s.has_heading) for s in union.sections] == [("Enkät 2022", False)]
    assert [(q.id, q.text, q.asked_by) for q in union.questions] == [
        ("1.1", "Namn", ("old.docx", "new.docx")),
        ("1.2", "Hur nöjd är du?", ("old.docx",)),
        ("1.3", "Vad kan bli bättre?", ("new.docx",)),
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [("", "Telefon"), ("Telefon", ""), ("", ""), ("***", "Telefon"), ("   ", ":")],
)
def test_an_empty_text_is_never_the_same_as_anything(a: str, b: str) -> None:
    assert same_text(a, b) == 0.0  # normalised to "": no words were ever taken as added


def test_an_empty_question_text_never_pairs() -> None:
    pairs = pair_texts([[""], ["Namn"], ["***"]], [["Telefon"], ["Namn"], [""]])
    assert pairs == {1: 1}


def test_union_parts_and_entries_are_equal_only_to_themselves() -> None:
    section = Section("1", "Bilagor")
    question = Question("1.1", "1", "Bilagor", "Bifoga underlag", "control")
    for first, second in ((_Part(section), _Part(section)), (_Entry(question), _Entry(question))):
        assert first != second  # the union finds its place by list.index and `in`
        assert [first, second].index(second) == 1
        assert len({first, second}) == 2


def test_the_template_folder_that_cannot_be_listed_is_the_one_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "versions"
    broken.mkdir()
    listing = Path.iterdir

    def refuse(path: Path) -> Iterator[Path]:
        if path == broken:  # as root, chmod 000 would not stop the listing
            raise PermissionError(13, "Permission denied")
        return listing(path)

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(RunError) as raised:
        read_templates([V1, broken], lang="sv")
    assert str(raised.value) == f"mallen {broken}: mappen kan inte läsas"
    assert raised.value.detail == "Permission denied"
    with pytest.raises(RunError) as raised:
        read_templates([V1, broken], lang="en")
    assert str(raised.value) == f"template {broken}: the folder cannot be read"


def test_the_second_template_file_that_is_broken_is_the_one_named(tmp_path: Path) -> None:
    broken = tmp_path / "template_v2.docx"
    broken.write_bytes(b"PK\x03\x04 no zip")
    with pytest.raises(RunError) as raised:
        read_templates([V1, broken], lang="en")
    assert str(raised.value).startswith(f"template {broken}: ")
