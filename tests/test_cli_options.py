"""What the command line says about its options, from a new user's and a reviewer's findings:
--previous naming this run's own output folder, the lock a second run reads, --out in the
inbox, an --optional id the template lacks, an option given without its value, an --expected
list that does not exist, the words of `docxmerge questions` and of --strict, and the shipped
expected list. Every message is checked word for word, in Swedish for the Swedish fixtures'
template and in English where the run's language is English."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from docxmerge.cli import main

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
