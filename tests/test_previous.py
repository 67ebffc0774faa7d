"""--previous: an earlier run's answers.json read as untrusted input (docx.previous_run), and a
round compared with it (answers.previous)."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from test_answers_json import Q11, Q12, Q21, S1, S2, sample_result

from docxmerge.answers import respondents, versions
from docxmerge.answers.previous import compare_rounds
from docxmerge.answers.versions import pair_texts
from docxmerge.docx.previous_run import read_previous
from docxmerge.i18n import message_text
from docxmerge.model import (
    Answer,
    Expected,
    Message,
    PreviousAnswer,
    PreviousInfo,
    PreviousQuestion,
    PreviousResponse,
    PreviousRun,
    UnreadableError,
)
from docxmerge.writers.answers_json import answers_document

MIB = 1 << 20


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return path


def code_of(path: Path, max_bytes: int = MIB) -> tuple[str, str]:
    with pytest.raises(UnreadableError) as raised:
        read_previous(path, max_bytes)
    return raised.value.code, raised.value.detail


def test_a_run_of_ours_is_read_from_its_folder_or_its_file(tmp_path: Path) -> None:
    document = answers_document(sample_result("sv"))
    write(tmp_path / "answers.json", document)
    for path in (tmp_path, tmp_path / "answers.json"):
        previous = read_previous(path, MIB)
        assert previous.path == str(tmp_path / "answers.json")
        assert (previous.template, previous.title) == (
            "Uppföljningsrapport näringsliv",
            "Tertialrapport 2 2026",
        )
        assert [(q.id, q.text, q.section) for q in previous.questions] == [
            ("1.1", Q11, S1),
            ("1.2", Q12, S1),
            ("2.1", Q21, S2),
        ]
        # only the forms that counted (read): not superseded, unreadable or skipped ones
        assert [(r.file, r.respondent) for r in previous.responses] == [
            ("Bromma.docx", "Bromma stadsdelsnämnd"),
            ("Farsta v2.docx", "Farsta stadsdelsnämnd"),
        ]
        assert previous.responses[0].answers[:2] == (
            PreviousAnswer("1.1", "answered", "=SUM(A1:A3) är inte en formel"),
            PreviousAnswer("1.2", "placeholder", ""),
        )


def test_what_is_no_previous_run_is_refused_with_its_reason(tmp_path: Path) -> None:
    assert code_of(tmp_path / "nowhere") == ("previous_not_found", "")
    assert code_of(tmp_path) == ("previous_no_answers", "")  # a folder without answers.json
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04 not json")
    assert code_of(tmp_path / "x.docx")[0] == "previous_not_json"
    (tmp_path / "latin1.json").write_bytes('{"template": "Nämnd"}'.encode("latin-1"))
    assert code_of(tmp_path / "latin1.json")[0] == "previous_not_json"
    assert code_of(write(tmp_path / "list.json", [1, 2]))[0] == "previous_not_docxmerge"
    assert code_of(write(tmp_path / "other.json", {"name": "x"})) == (
        "previous_not_docxmerge",
        "questions: not a list",
    )
    bad = {"questions": [{"id": 1, "text": "Fråga"}], "responses": []}
    assert code_of(write(tmp_path / "bad.json", bad)) == (
        "previous_not_docxmerge",
        "a question's id: not a string",
    )


def test_json_with_surprises_is_refused(tmp_path: Path) -> None:
    twice = tmp_path / "twice.json"
    twice.write_text('{"questions": [], "questions": [], "responses": []}', "utf-8")
    assert code_of(twice) == ("previous_not_json", "the key 'questions' twice in one object")
    nan = tmp_path / "nan.json"
    nan.write_text('{"questions": [], "responses": [], "x": NaN}', "utf-8")
    assert code_of(nan) == ("previous_not_json", "NaN is not JSON")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    assert code_of(deep) == ("previous_not_json", "nested too deeply")
    long_number = tmp_path / "number.json"
    long_number.write_text('{"questions": [], "responses": [], "n": ' + "9" * 5000 + "}", "utf-8")
    assert code_of(long_number)[0] == "previous_not_json"
    big = write(tmp_path / "big.json", {"questions": [], "responses": [], "pad": "x" * MIB})
    assert code_of(big, max_bytes=MIB) == ("too_large", f"{big.stat().st_size} bytes")


def test_a_pipe_is_not_waited_for(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "answers.json")
    assert code_of(tmp_path)[0] == "special_file"


def previous_run(*responses: PreviousResponse) -> PreviousRun:
    questions = (
        PreviousQuestion("1.1", Q11, S1),
        PreviousQuestion("1.2", Q12.replace('"', ""), S1),  # quotes dropped: still the same
        PreviousQuestion("2.1", Q21 + " Beskriv kort.", S2),  # two words added: the same
    )
    return PreviousRun("r1/answers.json", "Tertial 2", "Uppföljning", questions, responses)


def test_respondents_and_questions_are_matched_across_rounds() -> None:
    result = sample_result("en")
    earlier = previous_run(
        PreviousResponse(
            "Skarpnäck.docx",
            "Stadsdelsnämnden i Bromma",  # another spelling of the same committee
            (
                PreviousAnswer("1.1", "answered", "=SUM(A1:A3)  är inte en formel"),
                PreviousAnswer("1.2", "answered", "Förra gången."),
                PreviousAnswer("2.1", "answered", "Vi gjorde så."),
            ),
        ),
        PreviousResponse("K.docx", "Kungsholmen", (PreviousAnswer("1.1", "answered", "K"),)),
    )
    responses, info = compare_rounds(
        result.responses, result.template, (), earlier, not_received=("Skarpnäcks stadsdelsnämnd",)
    )
    bromma = next(r for r in responses if r.file.name == "Bromma.docx")
    assert [
        (a.question_id, a.status, a.comparison and a.comparison.word) for a in bromma.answers
    ] == [
        ("1.1", "answered", "unchanged"),
        ("1.2", "placeholder", "dropped"),
        ("2.1", "answered", "changed"),
    ]
    farsta = next(r for r in responses if r.file.name == "Farsta v2.docx")
    assert [a.comparison and a.comparison.word for a in farsta.answers] == ["new", None, None]
    superseded = next(r for r in responses if r.file.name == "Farsta.docx")
    assert all(a.comparison is None for a in superseded.answers)  # only current forms
    assert (info.compared, info.only_previous) == (1, ("Kungsholmen",))
    assert dict(info.files) == {"Bromma.docx": "Skarpnäck.docx"}
    assert dict(info.question_ids) == {"1.1": "1.1", "1.2": "1.2", "2.1": "2.1"}


def test_the_expected_lists_aliases_join_two_names() -> None:
    result = sample_result("en")
    earlier = previous_run(
        PreviousResponse("B.docx", "Västerort väst", (PreviousAnswer("1.1", "answered", "Ja."),))
    )
    listed = (Expected("Bromma stadsdelsnämnd", aliases=("Västerort väst",)),)
    responses, info = compare_rounds(result.responses, result.template, (), earlier, listed)
    bromma = next(r for r in responses if r.file.name == "Bromma.docx")
    assert bromma.answers[0].comparison is not None
    assert bromma.answers[0].comparison.word == "changed"  # "=SUM(A1:A3) ..." vs "Ja."
    assert info.compared == 1 and info.only_previous == ()


def test_a_question_not_in_the_previous_run_is_new_when_answered() -> None:
    result = sample_result("en")
    earlier = previous_run(
        PreviousResponse("B.docx", "Bromma", (PreviousAnswer("1.1", "answered", "x"),))
    )
    earlier = PreviousRun(earlier.path, None, "T", earlier.questions[:1], earlier.responses)
    responses, info = compare_rounds(result.responses, result.template, (), earlier)
    bromma = next(r for r in responses if r.file.name == "Bromma.docx")
    words = [a.comparison and a.comparison.word for a in bromma.answers]
    assert words == ["changed", None, "new"]  # 2.1 answered, not asked before: new
    assert dict(info.question_ids) == {"1.1": "1.1"}
    assert isinstance(bromma.answers[2], Answer)


def test_the_date_each_previous_form_was_modified_is_read(tmp_path: Path) -> None:
    document = answers_document(sample_result("sv"))
    document["responses"][0]["document_modified"] = "2026-03-01T10:00:00Z"
    previous = read_previous(write(tmp_path / "answers.json", document), MIB)
    assert [r.document_modified for r in previous.responses] == ["2026-03-01T10:00:00Z", None]
    document["responses"][0]["document_modified"] = 20260301
    assert code_of(write(tmp_path / "answers.json", document)) == (
        "previous_not_docxmerge",
        "a response's document_modified: not a string",
    )


def test_each_previous_forms_fields_are_read_for_whom_to_write_to(tmp_path: Path) -> None:
    document = answers_document(sample_result("sv"))
    document["responses"][0]["fields"] = {"Nämnd": "Bromma", "E-post": "anna@bromma.se"}
    del document["responses"][2]["fields"]  # an answers.json without them: none
    previous = read_previous(write(tmp_path / "answers.json", document), MIB)
    assert [dict(r.fields) for r in previous.responses] == [
        {"Nämnd": "Bromma", "E-post": "anna@bromma.se"},
        {},
    ]
    document["responses"][0]["fields"] = {"E-post": None}
    assert code_of(write(tmp_path / "answers.json", document)) == (
        "previous_not_docxmerge",
        "a field's value: not a string",
    )
    document["responses"][0]["fields"] = ["E-post"]
    assert code_of(write(tmp_path / "answers.json", document)) == (
        "previous_not_docxmerge",
        "a response's fields is not an object",
    )


def bromma_twice(first: str | None, second: str | None) -> PreviousRun:
    """Bromma's v2 form, then its v1 (both kept in that run), modified ``first``, ``second``."""
    return previous_run(
        PreviousResponse(
            "Bromma v2.docx",
            "Bromma stadsdelsnämnd",
            (PreviousAnswer("1.1", "answered", "=SUM(A1:A3) är inte en formel"),),
            first,
        ),
        PreviousResponse(
            "Bromma.docx", "Bromma SDN", (PreviousAnswer("1.1", "answered", "Utkast."),), second
        ),
    )


def compared_with(earlier: PreviousRun) -> tuple[str | None, PreviousInfo]:
    result = sample_result("en")
    responses, info = compare_rounds(result.responses, result.template, (), earlier)
    bromma = next(r for r in responses if r.file.name == "Bromma.docx")
    comparison = bromma.answers[0].comparison
    return comparison and comparison.word, info


def test_a_respondent_twice_in_the_previous_run_is_compared_with_the_later_form() -> None:
    word, info = compared_with(bromma_twice("2026-03-01T10:00:00Z", "2026-01-10T09:00:00+01:00"))
    assert word == "unchanged"  # v2, modified later, although first in the file
    assert dict(info.files) == {"Bromma.docx": "Bromma v2.docx"}
    assert info.compared == 1
    assert info.messages == (
        Message(
            "r1/answers.json",
            "run",
            "previous_duplicate",
            "Bromma stadsdelsnämnd is in the previous run more than once: compared with "
            "Bromma v2.docx (the latest), not Bromma.docx",
            (
                ("name", "Bromma stadsdelsnämnd"),
                ("used", "Bromma v2.docx"),
                ("others", "Bromma.docx"),
                ("path", "r1/answers.json"),
            ),
        ),
    )
    assert message_text(info.messages[0], "sv") == (
        "Bromma stadsdelsnämnd finns mer än en gång i föregående körning: jämförs med "
        "Bromma v2.docx (den senaste), inte Bromma.docx"
    )


def test_with_no_dates_the_later_in_the_previous_file_is_compared_with() -> None:
    word, info = compared_with(bromma_twice(None, None))
    assert word == "changed"  # "Utkast." then
    assert dict(info.files) == {"Bromma.docx": "Bromma.docx"}
    assert [dict(m.params)["used"] for m in info.messages] == ["Bromma.docx"]
    word, info = compared_with(bromma_twice("2026-01-10T09:00:00Z", None))  # a date wins
    assert word == "unchanged"
    word, info = compared_with(bromma_twice("2026-01-10T09:00:00Z", "2026-01-10T09:00:00Z"))
    assert word == "changed"  # the same date: the later in the file


def test_a_respondent_once_in_the_previous_run_gets_no_note() -> None:
    result = sample_result("en")
    earlier = previous_run(bromma_twice(None, None).responses[0])
    _, info = compare_rounds(result.responses, result.template, (), earlier)
    assert info.messages == ()


def test_more_questions_or_responses_than_a_round_has_are_refused(tmp_path: Path) -> None:
    question = {"id": "1.1", "text": "Fråga", "section": ""}
    skipped = {"file": "x.txt", "status": "skipped", "answers": []}
    most = {"questions": [question] * 5_000, "responses": [skipped] * 50_000}
    previous = read_previous(write(tmp_path / "most.json", most), 16 * MIB)  # as many as a round
    assert (len(previous.questions), previous.responses) == (5_000, ())
    questions = {"questions": [question] * 5_001, "responses": []}
    assert code_of(write(tmp_path / "q.json", questions), 16 * MIB) == (
        "previous_too_many",
        "5001 questions (at most 5000)",
    )
    responses = {"questions": [], "responses": [0] * 50_001}  # counted before each is looked at
    assert code_of(write(tmp_path / "r.json", responses), 16 * MIB) == (
        "previous_too_many",
        "50001 responses (at most 50000)",
    )
    answer = {"question_id": "1.1", "status": "answered", "text": "Ja"}
    read = {"file": "a.docx", "status": "read", "respondent": "Bromma", "answers": [answer] * 5_001}
    answers = {"questions": [question], "responses": [read]}
    assert code_of(write(tmp_path / "a.json", answers), 16 * MIB) == (
        "previous_too_many",
        "5001 answers in a response (at most 5000)",
    )


def counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[str]:
    """Every call of ``module.name`` recorded (its first argument), the function still run."""
    calls: list[str] = []
    real = getattr(module, name)

    def counted(text: str, *args: object) -> object:
        calls.append(text)
        return real(text, *args)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_each_question_text_is_normalised_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch, versions, "normalize_heading")
    theirs = [[Q11], [Q12], [Q21]] * 300  # a previous run of 900 questions in three wordings
    pairs = pair_texts([[Q11], [Q12, Q12 + " under året"], [Q21]], theirs)
    assert pairs == {0: 0, 1: 301, 2: 599}  # the nearest in relative position
    assert sorted(calls) == sorted([Q11, Q12, Q12 + " under året", Q21, Q11, Q12, Q21])


def test_a_question_id_twice_in_the_previous_run_counts_once() -> None:
    result = sample_result("en")
    earlier = previous_run(
        PreviousResponse("B.docx", "Bromma", (PreviousAnswer("1.1", "answered", "x"),))
    )
    questions = (PreviousQuestion("1.1", Q11, S1), PreviousQuestion("1.1", Q12, S1))
    earlier = dataclasses.replace(earlier, questions=questions + earlier.questions[2:])
    _, info = compare_rounds(result.responses, result.template, (), earlier)
    assert dict(info.question_ids) == {"1.1": "1.1", "2.1": "2.1"}  # 1.2 not paired with 1.1


def test_each_respondent_name_is_keyed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A previous run of 200 responses (50 names, four times each) against a list of 40
    names: every name and spelling keyed a few times, not once per name and spelling."""
    calls = counting(monkeypatch, respondents, "respondent_key")
    result = sample_result("en")
    names = [f"Nämnd {n} stadsdelsnämnd" for n in range(50)]
    listed = tuple(Expected(name, aliases=(name.upper(),)) for name in names[:20])
    then = tuple(PreviousResponse(f"{n}.docx", n, ()) for n in names * 4)
    _, info = compare_rounds(result.responses, result.template, (), previous_run(*then), listed)
    assert len(info.only_previous) == 50
    spellings = 2 * len(listed)
    assert len(calls) <= spellings + 4 * (len(names) + 2)  # before: 2 per name and spelling


def test_respondent_names_are_scored_against_the_list_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A previous run of 400 names against a list of 100 (an alias each): the names are scored
    against the whole list in batches (respondents.resolve_respondents); a name and a spelling
    are scored one by one only where their keys are equal (before: every name with every
    spelling, 80,000 pairs)."""
    calls = counting(monkeypatch, respondents, "_name_score")
    result = sample_result("en")
    names = [f"Område {n} stadsdelsnämnd" for n in range(400)]
    listed = tuple(Expected(name, aliases=(name.upper(),)) for name in names[:100])
    then = tuple(PreviousResponse(f"{n}.docx", n, ()) for n in names)
    _, info = compare_rounds(result.responses, result.template, (), previous_run(*then), listed)
    # the others are a digit off a listed name ("Område 250", "Område 25"): the same, at 85+
    assert len(info.only_previous) == 100
    assert sorted(calls) == sorted(f"område {n}" for n in range(100))
