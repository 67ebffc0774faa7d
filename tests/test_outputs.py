"""The output folder (issue 13, items 1, 2, 9, 11): outputs kept whole, one run at a time,
an open workbook or report named before anything is written, the folder checked before any
form is read. Each case asserts the exit status, the literal message and what is left in the
output folder."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT

from docxmerge.cli import main
from docxmerge.run import RunError, RunOptions, run
from docxmerge.writers import outputs
from docxmerge.writers.outputs import LOCK_NAME

NAMES = ("report.docx", "completeness.xlsx", "answers.json")
FORMS = ("Enskede-Årsta-Vantör T2 2022.docx", "Södermalm SDN - näringslivsrapport.docx")


@pytest.fixture
def round_folder(tmp_path: Path) -> Path:
    """An inbox of two forms and an output folder holding a previous run's outputs: three files
    and the reminders/ folder of drafts."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in FORMS:
        (inbox / name).write_bytes((FIXTURES / "inbox" / name).read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    for name in NAMES:
        (out / name).write_bytes(f"previous {name}".encode())
    (out / "reminders").mkdir()
    (out / "reminders" / "Farsta.eml").write_bytes(b"previous draft")
    return tmp_path


def _cli(folder: Path, *extra: str) -> Any:
    template = str(FIXTURES / "template.docx")
    args = ["run", str(folder / "inbox"), "-t", template, "-o", str(folder / "out"), "-j", "1"]
    return CliRunner().invoke(main, [*args, "--quiet", *extra], catch_exceptions=False)


def _no_form_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail fast: a problem with the output folder is found before any form is read."""

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a form was read before the output folder was checked")

    monkeypatch.setattr("docxmerge.run.read_one", never)


Left = dict[str, bytes | dict[str, bytes]]


def _left(out: Path) -> Left:
    """What the output folder holds: a file's bytes, a folder's files."""
    return {
        p.name: {f.name: f.read_bytes() for f in p.iterdir()} if p.is_dir() else p.read_bytes()
        for p in sorted(out.iterdir())
    }


def _previous(*except_: str) -> Left:
    found: Left = {n: f"previous {n}".encode() for n in NAMES if n not in except_}
    if "reminders" not in except_:
        found["reminders"] = {"Farsta.eml": b"previous draft"}
    return found


# --------------------------------------------------------------------------- in the way


@pytest.mark.parametrize("name", NAMES)
def test_a_folder_in_the_way_of_an_output(
    round_folder: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = round_folder / "out"
    (out / name).unlink()
    (out / name).mkdir()
    (out / name / "keep.txt").write_text("the clerk's", encoding="utf-8")
    _no_form_read(monkeypatch)
    result = _cli(round_folder)
    assert result.exit_code == 1
    assert result.stderr == (
        f"docxmerge: {name} i {out} är en mapp eller länk, inte en fil: flytta undan den, eller "
        "välj en annan utdatamapp med --out\n"
    )
    assert _left(out) == {**_previous(name), name: {"keep.txt": b"the clerk's"}}
    assert (out / name / "keep.txt").read_text(encoding="utf-8") == "the clerk's"


@pytest.mark.parametrize("name", NAMES)
def test_a_read_only_output(round_folder: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = round_folder / "out"
    (out / name).chmod(0o444)
    _no_form_read(monkeypatch)
    result = _cli(round_folder, "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == (
        f"docxmerge: {name} in {out} is read-only: make it writable, or choose another output "
        "folder with --out\n"
    )
    assert _left(out) == _previous()
    assert stat.S_IMODE((out / name).stat().st_mode) == 0o444


@pytest.mark.parametrize("name", NAMES)
def test_an_output_open_in_office_is_named_before_anything_is_written(
    round_folder: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = round_folder / "out"
    (out / f"~${name}").write_bytes(b"\x0cAnna Andersson")  # Excel's owner file of an open book
    _no_form_read(monkeypatch)
    result = _cli(round_folder, "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == (
        f"docxmerge: close {name} first: it is open (the Office owner file ~${name} is in "
        f"{out}; if nobody has it open, delete ~${name})\n"
    )
    assert _left(out) == {**_previous(), f"~${name}": b"\x0cAnna Andersson"}


def test_word_shortens_the_owner_file_of_a_long_name(round_folder: Path) -> None:
    # Word drops the first two characters of a long name: "~$mpleteness.xlsx"
    out = round_folder / "out"
    (out / "~$mpleteness.xlsx").write_bytes(b"owner")
    result = _cli(round_folder)
    assert result.exit_code == 1
    assert "stäng completeness.xlsx först: den är öppen (Office-låsfilen ~$mpleteness.xlsx" in (
        result.stderr
    )


def test_a_file_where_the_reminders_folder_goes(
    round_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = round_folder / "out"
    shutil.rmtree(out / "reminders")
    (out / "reminders").write_text("notes", encoding="utf-8")
    _no_form_read(monkeypatch)
    result = _cli(round_folder)
    assert result.exit_code == 1
    assert result.stderr == (
        f"docxmerge: reminders i {out} ska vara en mapp men är en fil eller länk: flytta undan "
        "den, eller välj en annan utdatamapp med --out\n"
    )
    assert _left(out) == {**_previous("reminders"), "reminders": b"notes"}


def test_the_output_folder_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.docx").write_bytes((FIXTURES / "inbox" / FORMS[0]).read_bytes())
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    _no_form_read(monkeypatch)
    result = _cli(tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"docxmerge: utdatamappen {tmp_path / 'out'} är en fil, inte en mapp: välj en mapp med "
        "--out\n"
    )


def test_an_output_folder_that_cannot_be_made_fails_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.docx").write_bytes((FIXTURES / "inbox" / FORMS[0]).read_bytes())
    (tmp_path / "file").write_text("x", encoding="utf-8")
    _no_form_read(monkeypatch)
    template = str(FIXTURES / "template.docx")
    out = tmp_path / "file" / "out"
    args = ["run", str(tmp_path / "inbox"), "-t", template, "-o", str(out), "-q"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"docxmerge: kan inte skriva i {out}: en del av sökvägen är en fil, inte en mapp\n"
    )


# --------------------------------------------------------------------------- kept whole


@pytest.mark.parametrize("failing", [*NAMES, "reminders"])
@pytest.mark.parametrize("error", [OSError(5, "I/O error"), KeyboardInterrupt()])
def test_a_failure_while_the_outputs_move_in_puts_the_previous_ones_back(
    round_folder: Path, failing: str, error: BaseException, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = round_folder / "out"
    real_replace = os.replace

    def replace(source: Any, target: Any) -> None:
        if Path(target) == out / failing and ".docxmerge-staging-" in str(source):
            raise error
        real_replace(source, target)

    monkeypatch.setattr(outputs.os, "replace", replace)
    options = RunOptions(round_folder / "inbox", FIXTURES / "template.docx", out, jobs=1)
    with pytest.raises((RunError, KeyboardInterrupt)) as caught:
        run(options)
    if isinstance(error, OSError):
        assert str(caught.value) == f"kan inte skriva i {out}: läs- eller skrivfel på enheten"
    assert _left(out) == _previous()  # every previous output back, no staging, no lock


def test_a_new_output_folder_gets_no_leftover_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "a.docx").write_bytes((FIXTURES / "inbox" / FORMS[0]).read_bytes())

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("docxmerge.run.write_answers_json", disk_full)
    result = _cli(tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"docxmerge: kan inte skriva i {tmp_path / 'out'}: disken är full\n"
    assert not (tmp_path / "out").exists()  # made by this run, and empty again


# --------------------------------------------------------------------------- one run at a time


def _lock(out: Path, pid: int, host: str | None = None) -> None:
    facts = {"pid": pid, "host": host or socket.gethostname(), "started": "2026-05-04 14:03:12"}
    (out / LOCK_NAME).write_text(json.dumps(facts), encoding="utf-8")


def test_a_second_run_into_a_locked_folder_is_refused(
    round_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = round_folder / "out"
    _lock(out, os.getppid())  # a live process: the run that holds the lock
    lock = (out / LOCK_NAME).read_bytes()
    _no_form_read(monkeypatch)
    result = _cli(round_folder)
    assert result.exit_code == 1
    assert result.stderr == (
        f"docxmerge: en annan docxmerge-körning skriver till {out} (startad 2026-05-04 "
        f"14:03:12): vänta tills den är klar (pågår ingen körning, ta bort {out}/.docxmerge.lock)\n"
    )
    assert _left(out) == {**_previous(), LOCK_NAME: lock}  # the other run's lock stays


def test_a_lock_from_another_machine_is_never_taken_over(round_folder: Path) -> None:
    out = round_folder / "out"
    _lock(out, 1, host="another-host.example")
    result = _cli(round_folder, "--lang", "en")
    assert result.exit_code == 1
    assert "another docxmerge run is writing to" in result.stderr


def test_a_stale_lock_is_taken_over_with_a_note(round_folder: Path) -> None:
    out = round_folder / "out"
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    _lock(out, gone.pid)  # a run killed with -9 leaves its lock behind
    result = _cli(round_folder)
    assert result.exit_code == 0, result.stderr
    data = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    notes = [m for m in data["messages"] if m["code"] == "stale_lock"]
    assert [n["message"] for n in notes] == [
        f"En låsfil i {out} från en körning som inte avslutades (process {gone.pid}, startad "
        "2026-05-04 14:03:12) togs över"
    ]
    assert sorted(p.name for p in out.iterdir()) == sorted([*NAMES, "reminders"])  # no lock
    assert (out / "reminders" / "Farsta.eml").exists() is False  # replaced as a whole


def _python_m(*args: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "docxmerge", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_real_runs_into_one_folder(tmp_path: Path) -> None:
    import hostile

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in FORMS:
        (inbox / name).write_bytes((FIXTURES / "inbox" / name).read_bytes())
    for n in range(3):  # slow enough to be caught at work: 3 x 6 MB of text
        hostile.write_large_docx(inbox / f"large {n}.docx", 6 * 1024 * 1024, seed=n)
    out = tmp_path / "out"
    template = str(FIXTURES / "template.docx")
    args = ("run", str(inbox), "-t", template, "-o", str(out), "-j", "2", "-q", "--lang", "en")
    first = _python_m(*args)
    deadline = time.monotonic() + 60
    while not (out / LOCK_NAME).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    second = _python_m(*args)
    _, second_err = second.communicate(timeout=120)
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert second.returncode == 1
    assert second_err.startswith(f"docxmerge: another docxmerge run is writing to {out} (started")
    assert sorted(p.name for p in out.iterdir()) == sorted([*NAMES, "reminders"])
    json.loads((out / "answers.json").read_text(encoding="utf-8"))


def test_without_hard_links_the_lock_is_still_made_with_its_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system without hard links (FAT, some network shares): os.link refuses, the lock
    is created in place (O_EXCL) and written; no draft is left beside it."""

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(outputs.os, "link", no_links)
    folder = outputs.OutputFolder(tmp_path, NAMES)
    folder.open()
    try:
        facts = json.loads((tmp_path / LOCK_NAME).read_text(encoding="utf-8"))
        assert (facts["pid"], facts["host"]) == (os.getpid(), socket.gethostname())
        assert [p.name for p in tmp_path.iterdir()] == [LOCK_NAME]
        with pytest.raises(outputs.OutputProblem) as second:
            outputs.OutputFolder(tmp_path, NAMES).open()
        assert (second.value.code, second.value.params["started"]) == ("locked", facts["started"])
    finally:
        folder.close()
    assert list(tmp_path.iterdir()) == []


def test_a_lock_draft_left_by_a_killed_run_is_removed_once_old(tmp_path: Path) -> None:
    old, fresh = tmp_path / f"{LOCK_NAME}.new-old", tmp_path / f"{LOCK_NAME}.new-fresh"
    old.write_text("{}", encoding="utf-8")
    fresh.write_text("{}", encoding="utf-8")  # another run's, about to be linked: left alone
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    with outputs.OutputFolder(tmp_path, NAMES) as folder:
        folder.open()
        assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK_NAME, fresh.name]
