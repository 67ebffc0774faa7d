"""What the command line says about its options, from a new user's and a reviewer's findings:
--previous naming this run's own output folder, the lock a second run reads, --out in the
inbox, an --optional id the template lacks, an option given without its value, an --expected
list that does not exist, the words of `docxmerge questions` and of --strict, and the shipped
expected list. Every message is checked word for word, in Swedish for the Swedish fixtures'
template and in English where the run's language is English."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from docxmerge.cli import main
from docxmerge.writers import outputs
from docxmerge.writers.outputs import LOCK_NAME, OutputFolder

SODERMALM = "Södermalm SDN - näringslivsrapport.docx"  # every question answered


def _cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), prog_name="docxmerge", catch_exceptions=False)


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """fixtures/inbox with one form and fixtures/template.docx beside it, as in the repository
    (so that `docxmerge run` with no INBOX uses them); the current folder is ``tmp_path``."""
    inbox = tmp_path / "fixtures" / "inbox"
    inbox.mkdir(parents=True)
    shutil.copy2(FIXTURES / "inbox" / SODERMALM, inbox / SODERMALM)
    shutil.copy2(FIXTURES / "template.docx", tmp_path / "fixtures" / "template.docx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _last(result: Any) -> str:
    lines: list[str] = result.stderr.splitlines()
    return lines[-1]


# --------------------------------------------------------------------------- 1. --previous = --out


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_previous_naming_this_runs_output_folder_is_a_usage_error(small: Path) -> None:
    assert _cli("run", "--jobs", "1", "--quiet").exit_code == 0
    before = _snapshot(small / "output")
    swedish = _cli("run", "--previous", "output")
    assert swedish.exit_code == 2
    assert swedish.stderr.splitlines()[0] == "Användning: docxmerge run [OPTIONS] [INBOX]"
    assert _last(swedish) == (
        "Fel: föregående körning kan inte vara den här körningens utdatamapp (--previous output, "
        "--out output): körningen skriver över den; ange en annan mapp med --out"
    )
    json_path = str(small / "output" / "answers.json")  # the file, by another spelling
    english = _cli("run", "--previous", json_path, "--out", "./output", "--lang", "en")
    assert english.exit_code == 2
    assert english.stderr.splitlines()[0] == "Usage: docxmerge run [OPTIONS] [INBOX]"
    assert _last(english) == (
        f"Error: the previous run cannot be this run's output folder (--previous {json_path}, "
        "--out output): this run overwrites it; give another folder with --out"
    )
    assert _snapshot(small / "output") == before  # nothing written, no lock left
    assert sorted(p.name for p in (small / "output").iterdir()) == [
        "answers.json",
        "completeness.xlsx",
        "reminders",
        "report.docx",
    ]
    other = _cli("run", "--previous", "output", "--out", "round2", "--jobs", "1", "--quiet")
    assert other.exit_code == 0, other.stderr  # another --out: compared as asked


def test_previous_is_refused_before_anything_is_read(small: Path) -> None:
    (small / "output").mkdir()
    (small / "output" / "answers.json").write_text("not json", encoding="utf-8")
    result = _cli("run", "--previous", "output", "--template", "missing.docx")
    assert result.exit_code == 2  # not "template not found", not "not a JSON file"
    assert _last(result) == (
        "Error: the previous run cannot be this run's output folder (--previous output, "
        "--out output): this run overwrites it; give another folder with --out"
    )  # (no template to go by: the environment's language, English here)
    assert (small / "output" / "answers.json").read_text(encoding="utf-8") == "not json"


# --------------------------------------------------------------------------- 2. the lock


def _locked_line(started: str, lang: str) -> str:
    if lang == "sv":
        return (
            f"docxmerge: en annan docxmerge-körning skriver till output (startad {started}): "
            "vänta tills den är klar (pågår ingen körning, ta bort output/.docxmerge.lock)"
        )
    return (
        f"docxmerge: another docxmerge run is writing to output (started at {started}): wait "
        "for it to finish (if no run is going on, delete output/.docxmerge.lock)"
    )


def test_a_live_lock_is_read_with_its_start_time(small: Path) -> None:
    folder = OutputFolder(small / "output", ("answers.json",))
    folder.open()  # a run of this process holds the folder: its lock, as a run writes it
    try:
        facts = json.loads((small / "output" / LOCK_NAME).read_text(encoding="utf-8"))
        assert facts["pid"] == os.getpid()
        swedish = _cli("run", "--jobs", "1")
        assert swedish.exit_code == 1
        assert swedish.stderr == _locked_line(facts["started"], "sv") + "\n"
        english = _cli("run", "--jobs", "1", "--lang", "en")
        assert english.stderr == _locked_line(facts["started"], "en") + "\n"
    finally:
        folder.close()


def test_a_run_starting_while_a_lock_is_written_never_reads_it_half_written(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run starts at the worst moment: while the first writes its lock's facts. The
    lock is published whole, so the second finds none and runs (it used to find an empty lock
    and say "startad okänd tid", the first run being alive)."""
    rivals: list[Any] = []

    def dump_with_a_rival(facts: object, handle: Any) -> None:
        if not rivals:  # once: the rival's own lock is written undisturbed
            rivals.append(None)
            rivals[0] = _cli("run", "--jobs", "1", "--quiet")
        json.dump(facts, handle)

    monkeypatch.setattr(outputs, "json", SimpleNamespace(dump=dump_with_a_rival, loads=json.loads))
    first = _cli("run", "--jobs", "1", "--quiet")
    assert rivals[0].exit_code == 0, rivals[0].stderr
    assert "okänd tid" not in rivals[0].stderr
    assert first.exit_code == 0, first.stderr
    assert sorted(p.name for p in (small / "output").iterdir()) == [
        "answers.json",
        "completeness.xlsx",
        "reminders",
        "report.docx",
    ]  # both done, neither left its lock or a draft of it


def test_a_lock_written_in_place_is_given_a_moment_to_hold_its_facts(small: Path) -> None:
    """An older docxmerge, or a file system without hard links, creates the lock empty and
    writes it after: the second run waits for the facts instead of saying "okänd tid"."""
    (small / "output").mkdir()
    lock = small / "output" / LOCK_NAME
    lock.write_text("", encoding="utf-8")
    facts = {"pid": os.getpid(), "host": socket.gethostname(), "started": "2026-05-04 14:03:12"}
    writer = threading.Timer(0.05, lambda: lock.write_text(json.dumps(facts), encoding="utf-8"))
    writer.start()
    try:
        result = _cli("run", "--jobs", "1")
    finally:
        writer.join()
    assert result.exit_code == 1
    assert result.stderr == _locked_line("2026-05-04 14:03:12", "sv") + "\n"


# --------------------------------------------------------------------------- 3. --out in the inbox


def _files(out: Path) -> dict[str, str]:
    data = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    return {r["file"]: r["error_code"] or r["status"] for r in data["responses"]}


def test_outputs_written_into_the_inbox_are_said_so_and_never_read(small: Path) -> None:
    inbox = "fixtures/inbox"
    swedish = _cli("run", inbox, "--out", inbox, "--jobs", "1")
    assert swedish.exit_code == 0, swedish.stderr
    assert swedish.stderr.splitlines()[0] == (
        "Utdata skrivs i mappen med formulär (fixtures/inbox): report.docx, completeness.xlsx, "
        "answers.json och reminders/ där läses inte som formulär, varken nu eller i senare "
        "körningar"
    )  # it said: "the output folder fixtures/inbox is inside the inbox: it is not read"
    english = _cli("run", inbox, "-o", inbox, "--jobs", "1", "--lang", "en")
    assert english.stderr.splitlines()[0] == (
        "The outputs are written into the inbox itself (fixtures/inbox): report.docx, "
        "completeness.xlsx, answers.json and reminders/ there are not read as forms, now or in "
        "later runs"
    )
    later = _cli("run", inbox, "--out", "result", "--jobs", "1", "--quiet")  # elsewhere now
    assert later.exit_code == 0, later.stderr
    assert _files(small / "result") == {
        SODERMALM: "read",
        "answers.json": "own_output",
        "completeness.xlsx": "own_output",
        "reminders": "own_output",
        "report.docx": "own_output",
    }  # report.docx was read as a respondent, answers.json and the drafts as unreadable
    inside = _cli("run", inbox, "--out", f"{inbox}/resultat", "--jobs", "1")
    assert inside.stderr.splitlines()[0] == (
        "Utdatamappen fixtures/inbox/resultat ligger i mappen med formulär: den läses inte som "
        "formulär"
    )
    assert _files(small / inbox / "resultat")["resultat"] == "output_folder"


# --------------------------------------------------------------------------- 4. --optional ID


def test_an_optional_id_the_template_lacks_is_a_usage_error(small: Path) -> None:
    swedish = _cli("run", "--optional", "9.9")
    assert swedish.exit_code == 2
    assert swedish.stderr.splitlines()[0] == "Användning: docxmerge run [OPTIONS] [INBOX]"
    assert _last(swedish) == (
        "Fel: --optional 9.9: mallen har ingen sådan fråga (dess frågor: 1.1, 1.2, 2.1, 3.1, "
        "3.2, 3.3, 3.4, 3.5, 4.1; docxmerge questions fixtures/template.docx listar dem)"
    )
    english = _cli(
        "run", "--optional", "9.9", "--optional", "1.1", "--optional", "8", "--lang", "en"
    )
    assert english.exit_code == 2
    assert _last(english) == (
        "Error: --optional 8, 9.9: the template has no such question (its questions: 1.1, 1.2, "
        "2.1, 3.1, 3.2, 3.3, 3.4, 3.5, 4.1; docxmerge questions fixtures/template.docx lists them)"
    )
    assert not (small / "output").exists()  # refused before the output folder was made


def test_an_unknown_optional_id_of_a_long_form_shows_the_first_ids_and_the_command(
    small: Path,
) -> None:
    template = FIXTURES / "realforms" / "visa-application" / "template.docx"  # 39 questions
    shutil.copy2(template, small / "visa form.docx")
    result = _cli("run", "-t", "visa form.docx", "--optional", "2.1", "--lang", "en")
    assert result.exit_code == 2
    first = ", ".join(f"1.{n}" for n in range(1, 31))
    assert _last(result) == (
        f"Error: --optional 2.1: the template has no such question (its questions: {first} …; "
        "docxmerge questions 'visa form.docx' lists them)"
    )


# --------------------------------------------------------------------------- 5. an option's value


@pytest.mark.parametrize(
    ("args", "usage", "hint", "error"),
    [
        (
            ["run", "--out"],
            "Användning: docxmerge run [OPTIONS] [INBOX]",
            "Se 'docxmerge run --help' eller 'docxmerge help run'.",
            "Fel: --out behöver ett värde",
        ),
        (
            ["run", "--jobs", "1", "--expected"],
            "Användning: docxmerge run [OPTIONS] [INBOX]",
            "Se 'docxmerge run --help' eller 'docxmerge help run'.",
            "Fel: --expected behöver ett värde",
        ),
        (
            ["run", "--strict=ja"],
            "Användning: docxmerge run [OPTIONS] [INBOX]",
            "Se 'docxmerge run --help' eller 'docxmerge help run'.",
            "Fel: --strict tar inget värde",
        ),
        (
            ["run", "--lang", "en", "-o"],
            "Usage: docxmerge run [OPTIONS] [INBOX]",
            "See 'docxmerge run --help' or 'docxmerge help run'.",
            "Error: -o needs a value",
        ),
        (
            ["questions", "fixtures/template.docx", "--json=1"],
            "Användning: docxmerge questions [OPTIONS] TEMPLATE...",
            "Se 'docxmerge questions --help' eller 'docxmerge help questions'.",
            "Fel: --json tar inget värde",
        ),
    ],
)
def test_an_option_without_its_value_is_shown_as_our_other_usage_errors(
    small: Path, args: list[str], usage: str, hint: str, error: str
) -> None:
    result = _cli(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [usage, hint, "", error]  # click showed the last only


# --------------------------------------------------------------------------- 6. --expected


def test_an_expected_list_that_does_not_exist_is_said_so(small: Path) -> None:
    swedish = _cli("run", "--expected", "path/that/does/not/exist.csv")
    assert swedish.exit_code == 1
    assert swedish.stderr == (
        "docxmerge: listan över svarande finns inte: path/that/does/not/exist.csv "
        "(kontrollera sökvägen)\n"
    )  # it said "kan inte läsas: ...: filen kan inte öppnas"
    (small / "dangling.csv").symlink_to(small / "nowhere.csv")
    english = _cli("run", "--expected", "dangling.csv", "--lang", "en", "--verbose")
    assert english.exit_code == 1
    assert (
        english.stderr
        == "docxmerge: the expected list does not exist: dangling.csv (check the path)\n"
    )
    (small / "lists").mkdir()
    folder = _cli("run", "--expected", "lists")
    assert folder.exit_code == 1
    assert folder.stderr == (
        "docxmerge: listan över svarande kan inte läsas: lists: en mapp, inte en fil: ange CSV- "
        "eller .xlsx-filen\n"
    )  # it said "inte ett Word-dokument"
    assert not (small / "output").exists()  # refused before the output folder was made


# --------------------------------------------------------------------------- 7. questions' words


def _listed(*args: str) -> list[str]:
    result = _cli("questions", *args)
    assert result.exit_code == 0, result.stderr
    lines: list[str] = result.stdout.splitlines()
    return lines


def test_questions_speaks_the_template_language() -> None:
    lines = _listed(str(FIXTURES / "template.docx"))  # sv-SE
    assert lines[:2] == ["UPPFÖLJNINGSRAPPORT NÄRINGSLIV", "  uppgift  Nämnd"]
    assert lines[5].startswith("  1.1   [innehållskontroll] 1. Stimulera tillväxt")
    assert lines[-1] == (
        "  4.1   [innehållskontroll] (frivillig) Övriga upplysningar / Övriga upplysningar"
    )  # it said "field", "[control]", "(optional)"
    legacy = _listed(str(FIXTURES / "layouts" / "numbered-legacy" / "template.docx"))
    title = "Enkät om nämndernas näringslivsarbete 2022"
    assert legacy[4:7] == [
        f"  1.1   [äldre formulärfält, val] {title} / 1. Har nämnden en antagen plan för "
        "näringslivsarbetet?",
        "        svarsalternativ: Ja | Nej",
        f"  1.2   [äldre formulärfält, datum] {title} / 2. När antogs planen?",
    ]  # it said "[legacy_field, choice]", "options:", "[legacy_field, date]"


def test_questions_of_several_versions_speak_the_template_language() -> None:
    lines = _listed(str(FIXTURES / "round2" / "templates"))
    assert lines[1:3] == [
        "  mall  template_v1.docx (2022-08-15, ändrad)",
        "  mall  template_v2.docx (2022-11-14, ändrad)",
    ]  # it said "template  template_v1.docx (2022-08-15, modified)"
    at = next(n for n, line in enumerate(lines) if line.startswith("  2.2 "))
    assert lines[at + 1] == "        ställs i: template_v2.docx"  # it said "asked by:"


def test_questions_in_english_for_an_english_template_or_with_lang_en() -> None:
    survey = str(FIXTURES / "blind" / "en-mixed-survey" / "template.docx")
    english = _listed(survey)
    assert english[english.index("  field  Date completed") + 1].startswith(
        "  1.1   [control, choice] Tools and devices / Which of these tools"
    )
    several = "Email | Shared network drives | Microsoft Teams | Spreadsheets | Video calls | "
    assert f"        options (several): {several}Online forms | Other" in english
    swedish = _listed(survey, "--lang", "sv")
    assert f"        svarsalternativ (flera kan väljas): {several}Online forms | Other" in swedish
    legacy = _listed(
        str(FIXTURES / "layouts" / "numbered-legacy" / "template.docx"), "--lang", "en"
    )
    assert "        options: Ja | Nej" in legacy


# --------------------------------------------------------------------------- 8. --strict


def test_the_strict_line_is_in_the_run_language(small: Path) -> None:
    shutil.copy2(FIXTURES / "inbox" / "Bromma trasig.docx", small / "fixtures" / "inbox")
    swedish = _cli("run", "--jobs", "1", "--quiet", "--strict")
    assert swedish.exit_code == 1
    assert swedish.stderr == (
        "Strikt kontroll (--strict): 1 oläsbara filer, 0 obesvarade frågor, 0 ej inkomna, "
        "0 oifyllda blanketter\n"
    )  # it began "strict:"
    english = _cli("run", "--jobs", "1", "--quiet", "--strict", "--lang", "en")
    assert english.exit_code == 1
    assert english.stderr == (
        "Strict check (--strict): 1 unreadable files, 0 unanswered questions, 0 not received, "
        "0 blank forms returned\n"
    )


# ------------------------------------------------------------------------ 9. fixtures/expected.csv


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped fixtures as laid out in the repository: inbox, template and expected list."""
    shutil.copytree(FIXTURES / "inbox", tmp_path / "fixtures" / "inbox")
    for name in ("template.docx", "expected.csv"):
        shutil.copy2(FIXTURES / name, tmp_path / "fixtures" / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _chased(workbook: Path, sheet: str) -> list[tuple[str, str, str | None]]:
    rows = list(openpyxl.load_workbook(workbook)[sheet].iter_rows(values_only=True))
    return [(str(row[0]), str(row[1]), row[4]) for row in rows[1:]]  # name, status, e-mail


def test_the_shipped_expected_list_chases_who_sent_nothing(shipped: Path) -> None:
    result = _cli("run", "--expected", "fixtures/expected.csv", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "Ej inkomna: Arbetsmarknadsnämnden, Östermalms stadsdelsnämnd" in lines
    assert not any("saknar mottagare" in line for line in lines)  # every draft has an address
    data = json.loads((shipped / "output" / "answers.json").read_text(encoding="utf-8"))
    assert data["not_received"] == ["Arbetsmarknadsnämnden", "Östermalms stadsdelsnämnd"]
    assert _chased(shipped / "output" / "completeness.xlsx", "Kontakter") == [
        ("Hägersten-Älvsjö stadsdelsnämnd", "obesvarade frågor", "lena.sjoberg@stockholm.se"),
        ("Hässelby-Vällingby stadsdelsnämnd", "obesvarade frågor", "ahmed.karimi@stockholm.se"),
        ("Järva stadsdelsnämnd", "obesvarade frågor", "amina.warsame@stockholm.se"),
        ("Norra innerstadens stadsdelsnämnd", "obesvarade frågor", "peter.lund@stockholm.se"),
        ("Skärholmens stadsdelsnämnd", "obesvarade frågor", "nils.strand@stockholm.se"),
        ("Spånga-Tensta stadsdelsnämnd", "oläsbar", "tove.ahlberg@stockholm.se"),
        ("Arbetsmarknadsnämnden", "ej inkommen", "maja.lindqvist@stockholm.se"),
        ("Östermalms stadsdelsnämnd", "ej inkommen", "erik.sandell@stockholm.se"),
    ]  # Skarpnäck's form ("Stadsdelsnämnden i Skarpnäck") is the list's Skarpnäck: not chased
    assert sorted(p.name for p in (shipped / "output" / "reminders").iterdir()) == [
        "Arbetsmarknadsnämnden.eml",
        "Hägersten-Älvsjö stadsdelsnämnd.eml",
        "Hässelby-Vällingby stadsdelsnämnd.eml",
        "Järva stadsdelsnämnd.eml",
        "Norra innerstadens stadsdelsnämnd.eml",
        "Skärholmens stadsdelsnämnd.eml",
        "Spånga-Tensta stadsdelsnämnd.eml",
        "Östermalms stadsdelsnämnd.eml",
    ]
    english = _cli("run", "--expected", "fixtures/expected.csv", "--lang", "en", "-o", "en")
    assert english.exit_code == 0, english.stderr
    assert "Not received: Arbetsmarknadsnämnden, Östermalms stadsdelsnämnd" in english.stderr
    chased = _chased(shipped / "en" / "completeness.xlsx", "Contacts")
    assert [(name, status) for name, status, _ in chased][-3:] == [
        ("Spånga-Tensta stadsdelsnämnd", "unreadable"),
        ("Arbetsmarknadsnämnden", "not received"),
        ("Östermalms stadsdelsnämnd", "not received"),
    ]
