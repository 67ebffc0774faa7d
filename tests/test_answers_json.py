"""answers.json and atomic writing, on RunResults built by hand.

``sample_result`` is also used by the workbook and report tests.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from docxmerge.model import (
    Answer,
    Block,
    FileInfo,
    Message,
    Question,
    Response,
    Run,
    RunResult,
    Section,
    Template,
)
from docxmerge.writers.answers_json import answers_document, write_answers_json
from docxmerge.writers.atomic import write_atomically

Q11 = "Beskriv samverkan med det lokala näringslivet inom stadsdelsnämndens geografiska område."
Q12 = 'Beskriv nämndens arbete med "Växla upp Stockholm"'
Q21 = "Hur sker samverkan med socialnämnden och skatteverket?"
S1 = "1. Stimulera tillväxt och företagsamhet"
S2 = "2. Förbättra service, tillgänglighet och myndighetsutövning"


def sample_template() -> Template:
    return Template(
        title="Uppföljningsrapport näringsliv",
        language="sv-SE",
        sections=(Section("1", S1), Section("2", S2)),
        questions=(
            Question("1.1", "1", S1, Q11, "control"),
            Question("1.2", "1", S1, Q12, "control"),
            Question("2.1", "2", S2, Q21, "paragraphs"),
        ),
        fields=(),
        instructions=(),
        prompts=("Klicka här för att ange text.",),
    )


def info(name: str) -> FileInfo:
    return FileInfo(name=name, size=1234, modified="2026-11-01T10:00:00Z", sha256="ab" * 32)


def para(index: int, *runs: Run, **kwargs: object) -> Block:
    return Block(index=index, text="".join(r.text for r in runs), runs=runs, **kwargs)  # type: ignore[arg-type]


def answered(qid: str, *blocks: Block, flags: tuple[str, ...] = ()) -> Answer:
    text = "\n".join(b.text for b in blocks)
    return Answer(qid, "answered", text, score=100.0, flags=flags, heading=None, blocks=blocks)


PROMPT = "Klicka här för att ange text."
FIELDS = {
    "Kontaktperson för eventuella frågor": "Kersti Tagesson",
    "Telefon": "0850814317",
    "E-post": "kersti@example.se",
}


def sample_result(language: str = "sv") -> RunResult:
    bromma = Response(
        file=info("Bromma.docx"),
        status="read",
        respondent="Bromma stadsdelsnämnd",
        fields=FIELDS,
        answers=(
            answered("1.1", para(1, Run("=SUM(A1:A3) är inte en formel"))),
            Answer("1.2", "placeholder", "", blocks=(para(2, Run(PROMPT, placeholder=True)),)),
            answered(
                "2.1",
                para(
                    3,
                    Run("Bromma gör "),
                    Run("fetstil", bold=True),
                    Run(" och "),
                    Run("länk", link="https://example.se/a?b=1&c=2"),
                ),
                para(4, Run("Punkt ett"), list_level=0, num_id="3", list_format="bullet"),
                para(5, Run("Punkt två"), list_level=0, num_id="3", list_format="bullet"),
            ),
        ),
        messages=(
            Message(
                "Bromma.docx",
                "1.1",
                "low_match",
                "Question 1.1: low match",
                (("question", "1.1"), ("score", "71")),
            ),
        ),
    )
    farsta = Response(
        file=info("Farsta v2.docx"),
        status="read",
        respondent="Farsta stadsdelsnämnd",
        fields={"Kontaktperson för eventuella frågor": "+46 Anna", "Telefon": "-", "E-post": ""},
        answers=(
            answered(
                "1.1",
                para(1, Run("Farsta svarar\tmed tabb\noch radbrytning")),
                flags=("outside_control",),
            ),
            Answer("1.2", "missing", ""),
            Answer("2.1", "empty", ""),
        ),
    )
    farsta_old = Response(
        file=info("Farsta.docx"),
        status="superseded",
        respondent="Farsta stadsdelsnämnd",
        answers=(answered("1.1", para(1, Run("Gammalt svar från Farsta"))),),
        superseded_by="Farsta v2.docx",
    )
    broken = Response(
        file=info("gammal.doc"),
        status="unreadable",
        error_code="legacy_doc",
        error="gammalt Word 97-2003-format (.doc): spara den som .docx",
        error_detail="OLE2 WordDocument stream",
        answers=(answered("1.1", para(1, Run("ska inte synas"))),),
    )
    lock = Response(file=info("~$Bromma.docx"), status="skipped")
    return RunResult(
        template=sample_template(),
        responses=(bromma, farsta_old, farsta, broken, lock),
        not_received=("Skarpnäcks stadsdelsnämnd",),
        messages=(Message("", "", "run_note", "A run-level note"),),
        language=language,
        title="Tertialrapport 2 2026",
        run_date="2026-11-28",
    )


def with_optional(result: RunResult, *ids: str) -> RunResult:
    """``result`` with the questions ``ids`` optional (as --optional makes them)."""
    questions = tuple(
        dataclasses.replace(q, optional=q.id in ids) for q in result.template.questions
    )
    return dataclasses.replace(
        result, template=dataclasses.replace(result.template, questions=questions)
    )


def test_document_has_issue_shape() -> None:
    doc = answers_document(sample_result())
    assert doc["questions"][0] == {
        "id": "1.1",
        "section": S1,
        "text": Q11,
        "section_id": "1",
        "slot": "control",
        "control_tag": None,
        "control_alias": None,
        "kind": "text",
        "options": [],
        "multiple": False,
        "placement": "below",
        "optional": False,
        "asked_by": [],  # the run's template files (none in a result built by hand)
    }
    assert [r["file"] for r in doc["responses"]] == [
        "Bromma.docx",
        "Farsta.docx",
        "Farsta v2.docx",
        "gammal.doc",
        "~$Bromma.docx",
    ]
    assert [r["status"] for r in doc["responses"]] == [
        "read",
        "superseded",
        "read",
        "unreadable",
        "skipped",
    ]
    bromma = doc["responses"][0]
    assert bromma["respondent"] == "Bromma stadsdelsnämnd"
    assert bromma["error"] is None
    assert bromma["fields"]["Telefon"] == "0850814317"
    assert [(a["question_id"], a["status"]) for a in bromma["answers"]] == [
        ("1.1", "answered"),
        ("1.2", "placeholder"),
        ("2.1", "answered"),
    ]
    assert bromma["answers"][2]["text"] == "Bromma gör fetstil och länk\nPunkt ett\nPunkt två"
    assert bromma["answers"][0]["score"] == 100.0
    assert bromma["messages"][0]["message"] == "Fråga 1.1: rubriken matchade bara till 71 %"
    assert doc["responses"][2]["answers"][0]["flags"] == ["outside_control"]
    assert bromma["answers"][0]["value"] is None  # a text answer has no value
    assert doc["not_received"] == ["Skarpnäcks stadsdelsnämnd"]


def test_unreadable_has_no_answers_and_superseded_keeps_them() -> None:
    doc = answers_document(sample_result())
    old, broken = doc["responses"][1], doc["responses"][3]
    assert old["superseded_by"] == "Farsta v2.docx"
    assert old["answers"][0]["text"] == "Gammalt svar från Farsta"
    assert broken["answers"] == []
    assert broken["error_code"] == "legacy_doc"
    assert broken["error"].startswith("gammalt Word 97-2003")


def test_not_received_only_with_an_expected_list_and_then_always() -> None:
    result = sample_result()
    plain = RunResult(template=result.template, responses=result.responses)
    assert "not_received" not in answers_document(plain)  # no --expected given
    everyone = RunResult(template=result.template, responses=result.responses, not_received=())
    assert answers_document(everyone)["not_received"] == []  # given, and nobody missing


def test_written_json_is_utf8_sorted_and_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_answers_json(sample_result(), first)
    write_answers_json(sample_result(), second)
    raw = first.read_bytes()
    assert raw == second.read_bytes()
    assert "Förbättra".encode() in raw  # ensure_ascii=False
    assert raw.startswith(b'{\n  "language": "sv",')  # indent 2, keys sorted
    assert json.loads(raw)["responses"][0]["answers"][0]["text"] == "=SUM(A1:A3) är inte en formel"


def test_written_text_is_json_dumps_of_the_whole_document(tmp_path: Path) -> None:
    # Written one response at a time, yet exactly what dumping the whole document gives.
    target = tmp_path / "answers.json"
    write_answers_json(sample_result(), target)
    whole = json.dumps(
        answers_document(sample_result()), ensure_ascii=False, indent=2, sort_keys=True
    )
    assert target.read_text("utf-8") == whole + "\n"


def test_hostile_text_round_trips(tmp_path: Path) -> None:
    big = "ä" * 1_000_000
    hostile = "ctrl\x01\x0b end \u202eRTL עברית 😀 " + big
    base = sample_result()
    response = Response(
        file=info("x.docx"),
        status="read",
        respondent="X",
        answers=(Answer("1.1", "answered", hostile),),
    )
    result = RunResult(template=base.template, responses=(response,))
    target = tmp_path / "answers.json"
    write_answers_json(result, target)
    assert json.loads(target.read_text("utf-8"))["responses"][0]["answers"][0]["text"] == hostile


def test_write_atomically_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old good")

    def failing(tmp: Path) -> None:
        tmp.write_text("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, failing)
    assert target.read_text() == "old good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # temp file removed

    write_atomically(target, lambda tmp: tmp.write_text("new"))
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_failed_json_write_keeps_previous(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "answers.json"
    write_answers_json(sample_result(), target)
    before = target.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("rename failed")

    monkeypatch.setattr("docxmerge.writers.atomic.os.replace", broken_replace)
    with pytest.raises(OSError):
        write_answers_json(sample_result("en"), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["answers.json"]


def test_error_falls_back_to_the_reason_for_its_code() -> None:
    base = sample_result("en")
    response = Response(file=info("x.doc"), status="unreadable", error_code="encrypted")
    doc = answers_document(RunResult(template=base.template, responses=(response,)))
    assert doc["responses"][0]["error"].startswith("password protected")
    assert doc["responses"][0]["error_code"] == "encrypted"
