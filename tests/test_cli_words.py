"""What a clerk reads from the command line (issue 13, items 4, 6, 11, 12, 14): every word in the
run's language (usage errors included), technical detail only with --verbose or in a column of
its own, warnings counted by kind, any string a hostile file carries printed safely, and help
with examples."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT

from docxmerge.cli import main

TEMPLATE = FIXTURES / "template.docx"
SYM = '<w:r><w:rPr><w:b/></w:rPr><w:sym w:font="Arial" w:char="{code}"/></w:r>'


def _cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), prog_name="docxmerge", catch_exceptions=False)


@pytest.fixture
def fixture_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURES / "inbox", tmp_path / "fixtures" / "inbox")
    shutil.copy2(TEMPLATE, tmp_path / "fixtures" / "template.docx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["run", "--bogus"], "Fel: okänt alternativ --bogus (menade du --jobs, --out, --verbose?)"),
        (["run", "--jobs", "0"], "Fel: ogiltigt värde för --jobs: ange ett heltal, minst 1"),
        (["run", "--lang", "fr"], "Fel: ogiltigt värde för --lang: välj ett av sv, en"),
        (["run", "--out"], "Fel: --out behöver ett värde"),
        (["run", "--out", "--quiet"], "Fel: --out behöver ett värde"),
        (["run", "--expected", "-q"], "Fel: --expected behöver ett värde"),
        (["run", "--strict=ja"], "Fel: --strict tar inget värde"),
        (["run", "fixtures/inbox", "extra"], "Fel: oväntat argument: extra"),
        (["questions"], "Fel: TEMPLATE saknas"),
        (
            ["inspect", "fixtures/inbox"],
            "Fel: ogiltigt värde för FILE: det är en mapp, inte en fil",
        ),
        (
            ["inspect", "fixtures/nej.docx"],
            "Fel: ogiltigt värde för FILE: filen eller mappen finns inte",
        ),
    ],
)
def test_usage_errors_speak_the_template_language(
    fixture_copy: Path, args: list[str], error: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `docxmerge run` would use fixtures/template.docx here: a Swedish template
    if args[0] in ("questions", "inspect"):  # no template to go by: the environment decides
        monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    result = _cli(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == error
    assert "Usage:" not in result.stderr and "Error:" not in result.stderr


def test_run_with_no_inbox_here_is_a_worded_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no fixtures/inbox here
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    result = _cli("run")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Fel: ingen mapp med formulär angiven, och ingen fixtures/inbox här: docxmerge run MAPP "
        "--template MALL"
    )


def test_usage_error_language_follows_lang_then_template_then_environment(
    fixture_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = _cli("run", "--bogus", "--lang", "en").stderr.splitlines()
    assert english[0] == "Usage: docxmerge run [OPTIONS] [INBOX]"
    assert english[-1] == "Error: no such option --bogus (did you mean --jobs, --out, --verbose?)"
    swedish = _cli("run", "--bogus").stderr.splitlines()  # the template's (sv-SE)
    assert swedish[0] == "Användning: docxmerge run [OPTIONS] [INBOX]"
    assert swedish[1] == "Se 'docxmerge run --help' eller 'docxmerge help run'."
    assert _cli("inspect").stderr.splitlines()[-1] == "Error: FILE is missing"  # LANG=C
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert _cli("inspect").stderr.splitlines()[-1] == "Fel: FILE saknas"
    assert _cli("frobnicate").stderr.splitlines()[-1] == (
        "Fel: okänt kommando frobnicate (kommandon: run, questions, inspect, help)"
    )
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")  # LC_ALL before LANG, as POSIX reads them
    assert _cli("inspect").stderr.splitlines()[-1] == "Error: FILE is missing"


# --------------------------------------------------------------------------- before the template


def test_a_mistyped_inbox_is_named_as_such(
    fixture_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _cli("run", "inkorg")  # no template.docx beside it either: LANG=C decides
    assert result.exit_code == 1
    assert result.stderr == "docxmerge: the inbox folder does not exist: inkorg (check the path)\n"
    swedish = _cli("run", "fixtures/inbx")  # fixtures/template.docx beside it: Swedish
    assert swedish.stderr == (
        "docxmerge: mappen med formulär finns inte: fixtures/inbx (kontrollera sökvägen)\n"
    )  # (it was: "template not found: fixtures/template.docx")
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert _cli("run", "fixtures/template.docx").stderr == (
        "docxmerge: fixtures/template.docx är en fil, inte en mapp: ange mappen med de inkomna "
        "formulären\n"
    )
    assert _cli("run", "fixtures/inbox", "--template", "mall.docx").stderr == (
        "docxmerge: mallen finns inte: mall.docx (ange den med --template)\n"
    )


def test_a_missing_expected_list_is_said_in_words(fixture_copy: Path) -> None:
    result = _cli("run", "--expected", "nämnder.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "docxmerge: listan över svarande finns inte: nämnder.csv (kontrollera sökvägen)\n"
    )


# --------------------------------------------------------------------------- the run's words


def test_reasons_carry_no_english_detail_but_verbose_and_the_workbook_do(
    fixture_copy: Path,
) -> None:
    result = _cli("run", "--jobs", "1")
    lines = result.stderr.splitlines()
    assert "  Bromma trasig.docx: skadad fil: inte en fullständig .docx" in lines
    assert "(" not in next(line for line in lines if "Bromma trasig" in line)
    data = json.loads((fixture_copy / "output" / "answers.json").read_text(encoding="utf-8"))
    broken = next(r for r in data["responses"] if r["file"] == "Bromma trasig.docx")
    assert broken["error"] == "skadad fil: inte en fullständig .docx"
    assert broken["error_detail"] == "not a complete zip: File is not a zip file"
    book = openpyxl.load_workbook(fixture_copy / "output" / "completeness.xlsx")
    files = list(book["Filer"].iter_rows(values_only=True))
    assert files[0][-1] == "Teknisk detalj"
    row = next(r for r in files if r[0] == "Bromma trasig.docx")
    assert row[3] == "skadad fil: inte en fullständig .docx"
    assert row[-1] == "damaged: not a complete zip: File is not a zip file"
    verbose = _cli("run", "--jobs", "1", "--verbose").stderr.splitlines()
    assert (
        "  Bromma trasig.docx: skadad fil: inte en fullständig .docx (not a complete zip: "
        "File is not a zip file)"
    ) in verbose


def test_the_messages_sheet_is_in_the_run_language(fixture_copy: Path) -> None:
    assert _cli("run", "--jobs", "1", "--quiet").exit_code == 0
    book = openpyxl.load_workbook(fixture_copy / "output" / "completeness.xlsx")
    rows = list(book["Meddelanden"].iter_rows(values_only=True))
    assert rows[0] == ("Fil", "Plats", "Typ", "Meddelande", "Teknisk detalj")
    kinds = {row[2] for row in rows[1:]}
    assert kinds == {
        "påminnelse utan mottagare",
        "ej aktuellt",
        "ersatt version",
        "utanför textrutan",
        "annan ordning",
        "ändrad rubrik",
        "platshållare kvar",
    }  # no code, no English: words
    hagersten = [row for row in rows if row[0] == "Hägersten-Älvsjö näringslivsrapport.docx"]
    assert hagersten[0][1:] == (
        "fråga 1.1",
        "utanför textrutan",
        "Fråga 1.1: svaret är skrivet utanför textrutan",
        "outside_control: Question 1.1: the answer was typed outside the box",
    )


def test_warnings_are_counted_by_kind_on_stderr(fixture_copy: Path) -> None:
    inbox = fixture_copy / "fixtures" / "inbox"
    source = inbox / "Hägersten-Älvsjö näringslivsrapport.docx"
    for n in range(40):  # 40 more copies: 120 more answers outside the box
        shutil.copy2(source, inbox / f"kopia {n}.docx")
    result = _cli("run", "--jobs", "1")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    start = lines.index(
        "Att kontrollera (varje fall på bladet Meddelanden i output/completeness.xlsx):"
    )
    assert lines[start + 1 : start + 8] == [
        "  123 svar skrivna utanför textrutan",
        "  40 filer är identiska kopior av andra",
        "  2 påminnelser saknar mottagare",
        "  1 fråga har en ändrad rubrik i formuläret",
        "  1 fråga står i annan ordning än i mallen",
        "  1 svar har platshållartexten kvar",
        "  1 fil ersatt av en nyare version",
    ]
    assert lines[start + 8] == "Mall: fixtures/template.docx"
    assert lines[start + 9] == (
        "Filer: 13 lästa, 1 överhoppade, 3 oläsbara, 41 ersatta. Svarande: 13. "
        "Svar: 94 besvarade, 23 obesvarade (varav 11 frivilliga)."
    )  # the 11: "Övriga upplysningar", unanswered and optional, owed by nobody
    assert len(lines) == start + 14  # counts, template, totals, four paths: nothing per file


def test_a_stale_lock_note_and_other_run_notes_are_said_in_full(
    fixture_copy: Path,
) -> None:
    out = fixture_copy / "output"
    out.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    lock = {"pid": gone.pid, "host": os.uname().nodename, "started": "2026-05-04 14:03:12"}
    (out / ".docxmerge.lock").write_text(json.dumps(lock), encoding="utf-8")
    result = _cli("run", "--jobs", "1")
    assert result.stderr.splitlines()[0] == (
        f"En låsfil i output från en körning som inte avslutades (process {gone.pid}, startad "
        "2026-05-04 14:03:12) togs över"
    )


# --------------------------------------------------------------------------- hostile strings


def _with_symbols(source: Path, target: Path, old: str, codes: tuple[str, ...]) -> None:
    """A copy of a Word file whose ``old`` text is followed by w:sym characters (ECMA-376
    §17.3.3.30: the one way a control character or a lone surrogate reaches text)."""
    with zipfile.ZipFile(source) as package:
        items = [(info, package.read(info)) for info in package.infolist()]
    symbols = "".join(SYM.format(code=code) for code in codes)
    marker = f"<w:t>{old}</w:t></w:r>"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in items:
            if info.filename == "word/document.xml":
                text = data.decode()
                assert marker in text, old
                data = text.replace(marker, marker + symbols, 1).encode()
            package.writestr(info, data)


HOSTILE = ("DFFF", "001B", "202E")  # a lone surrogate, ESC, a right-to-left override


def test_inspect_prints_any_string_a_form_holds(tmp_path: Path) -> None:
    form = tmp_path / "svar.docx"
    name = "Enskede-Årsta-Vantörs stadsdelsnämnd"
    _with_symbols(FIXTURES / "inbox" / "Enskede-Årsta-Vantör T2 2022.docx", form, name, HOSTILE)
    result = _cli("inspect", str(form), "--template", str(TEMPLATE), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # the escapes are JSON's own: the text comes back whole
    assert data["answers"]["respondent"] == name + "\udfff\x1b\u202e"
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    text = _cli("inspect", str(form), "--template", str(TEMPLATE))
    assert text.exit_code == 0
    assert f"respondent: {name}\\udfff\\u001b\\u202e" in text.stdout.splitlines()


def test_questions_prints_any_string_a_template_holds(tmp_path: Path) -> None:
    template = tmp_path / "mall.docx"
    _with_symbols(TEMPLATE, template, "Beskriv samverkan med det lokala näringslivet inom "
                  "stadsdelsnämndens geografiska område.", HOSTILE)  # fmt: skip
    listed = _cli("questions", str(template))
    assert listed.exit_code == 0
    assert "område.\\udfff\\u001b\\u202e" in listed.stdout
    as_json = _cli("questions", str(template), "--json")
    rows = json.loads(as_json.stdout)
    assert rows[0]["text"].endswith("område.\udfff\x1b\u202e")


def _python_m(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "docxmerge", *args],
        cwd=cwd, env=environment, capture_output=True, timeout=300, check=False,
    )  # fmt: skip


def test_every_output_holds_hostile_names_and_text(tmp_path: Path) -> None:
    """A real process (its own stdout and stderr encoders): a file name with ESC and a byte
    that is no UTF-8, and a form whose committee name carries a lone surrogate and ESC."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    name = "Enskede-Årsta-Vantörs stadsdelsnämnd"
    source = FIXTURES / "inbox" / "Enskede-Årsta-Vantör T2 2022.docx"
    _with_symbols(source, inbox / "svar.docx", name, HOSTILE)
    odd_name = os.fsdecode(b"trasig \x1b[2J \xff.docx")  # ESC[2J would clear the screen
    (inbox / odd_name).write_bytes(b"not a Word file")
    expected = tmp_path / "lista.csv"
    expected.write_text("Farsta stadsdelsnämnd\n", encoding="utf-8")
    template = str(TEMPLATE)
    done = _python_m(tmp_path, "run", str(inbox), "-t", template, "-o", "out", "-v",
                     "--expected", str(expected))  # fmt: skip
    assert done.returncode == 0, done.stderr
    stderr = done.stderr.decode("utf-8")  # strict: it is valid UTF-8
    assert "  trasig \\u001b[2J \\udcff.docx: inte ett Word-dokument" in stderr.splitlines()
    assert f"{name}\\udfff\\u001b\\u202e" in stderr  # (unknown respondent, with --verbose)
    assert "\x1b" not in stderr
    data = json.loads((tmp_path / "out" / "answers.json").read_text(encoding="utf-8"))
    read = next(r for r in data["responses"] if r["file"] == "svar.docx")
    assert read["respondent"] == f"{name}\ufffd\x1b\u202e"  # UTF-8 holds no lone surrogate
    book = openpyxl.load_workbook(tmp_path / "out" / "completeness.xlsx")
    names = [row[0] for row in book["Filer"].iter_rows(min_row=2, values_only=True)]
    assert "trasig \ufffd[2J \ufffd.docx" in names  # XML holds neither ESC nor a surrogate
    with zipfile.ZipFile(tmp_path / "out" / "report.docx") as report:
        assert f"{name}\ufffd\ufffd\u202e" in report.read("word/document.xml").decode()
    inspected = _python_m(tmp_path, "inspect", str(inbox / "svar.docx"), "-t", template, "--json")
    assert inspected.returncode == 0, inspected.stderr
    assert json.loads(inspected.stdout)["answers"]["respondent"] == name + "\udfff\x1b\u202e"


# --------------------------------------------------------------------------- help


def test_help_command_and_examples() -> None:
    assert _cli("help").stdout == _cli("--help").stdout
    for command in ("run", "questions", "inspect", "help"):
        page = _cli(command, "--help").stdout
        assert _cli("help", command).stdout == page
        assert "Example" in page, command
        assert f"docxmerge {command} " in page.split("Example", 1)[1], command
    assert "docxmerge help run" in _cli("--help").stdout
    unknown = _cli("help", "frobnicate")
    assert unknown.exit_code == 2
    assert unknown.stderr.splitlines()[-1] == (
        "Error: no such command frobnicate (commands: run, questions, inspect, help)"
    )


def test_questions_json_keeps_the_question_rows_first() -> None:
    rows = json.loads(_cli("questions", str(TEMPLATE), "--json").stdout)
    assert [row["entry"] for row in rows] == ["question"] * 9 + ["field"] * 4
    assert all({"id", "section", "text", "slot"} <= set(row) for row in rows)
