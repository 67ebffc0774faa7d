"""A run stopped from outside (issue 13, items 5 and 13), in real processes: Ctrl-C ends it at
once in the run's language with status 130 and the previous outputs as they were; kill -9 of
the run leaves no reader process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import hostile
import pytest
from conftest import FIXTURES, ROOT

from docxmerge.run import RunOptions, run

NAMES = ("answers.json", "completeness.xlsx", "report.docx")

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@pytest.fixture(scope="module")
def slow_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forms that take the two readers several seconds: 6 x 8 MB of text, and a real form."""
    inbox = tmp_path_factory.mktemp("slow") / "inbox"
    inbox.mkdir()
    (inbox / "enskede.docx").write_bytes(
        (FIXTURES / "inbox" / "Enskede-Årsta-Vantör T2 2022.docx").read_bytes()
    )
    for n in range(6):
        hostile.write_large_docx(inbox / f"large {n}.docx", 8 * 1024 * 1024, seed=n)
    return inbox


def _stat(pid: int) -> tuple[str, int, str] | None:
    """(state, parent pid, command line) of a process, None when it is gone."""
    try:
        stat_text = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    fields = stat_text.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1]), command.decode(errors="replace")


def _workers(parent: int) -> list[int]:
    """The parent's forked children: the reader processes (same command line)."""
    own = _stat(parent)
    if own is None:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            facts = _stat(int(entry.name))
            if facts is not None and facts[1] == parent and facts[2] == own[2]:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    facts = _stat(pid)
    return facts is not None and facts[0] not in ("Z", "X")  # a zombie has ended


def _start(inbox: Path, out: Path) -> tuple[subprocess.Popen[str], list[int]]:
    """The run in its own session (as a terminal runs it), once its readers are at work."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    template = str(FIXTURES / "template.docx")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "docxmerge",
            "run",
            str(inbox),
            "-t",
            template,
            "-o",
            str(out),
            "--jobs",
            "2",
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(workers := _workers(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(workers) == 2, "the readers did not start"
    time.sleep(0.5)  # reading the large forms
    return process, workers


def _previous(out: Path) -> dict[str, bytes]:
    out.mkdir()
    for name in NAMES:
        (out / name).write_bytes(f"previous {name}".encode())
    return {name: (out / name).read_bytes() for name in NAMES}


def _gone(workers: list[int], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not any(_alive(pid) for pid in workers)


def test_ctrl_c_stops_at_once_and_keeps_the_previous_outputs(
    slow_inbox: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    previous = _previous(out)
    process, workers = _start(slow_inbox, out)
    pressed = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # the terminal sends it to the whole group
    _, stderr = process.communicate(timeout=60)
    assert time.monotonic() - pressed < 3.0
    assert process.returncode == 130
    assert stderr == (
        f"\ndocxmerge: Avbrutet (Ctrl-C): inget nytt skrevs; tidigare utdata i {out} finns kvar "
        "som de var\n"
    )  # in the Swedish template's language, no traceback (from any worker), no "Aborted!"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == previous  # no lock, no staging
    assert _gone(workers)


def test_readers_end_with_a_run_killed_with_sigkill(slow_inbox: Path, tmp_path: Path) -> None:
    process, workers = _start(slow_inbox, tmp_path / "out")
    process.kill()  # the run alone, as kill -9 PID does
    process.wait(timeout=60)
    assert _gone(workers), [_stat(pid) for pid in workers]


def test_progress_says_what_it_counts(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.docx").write_bytes((FIXTURES / "inbox" / "Farsta v2 slutlig.docx").read_bytes())
    calls: list[tuple[int, int, str]] = []
    template = FIXTURES / "template.docx"
    run(RunOptions(inbox, template, tmp_path / "out", jobs=1), lambda *c: calls.append(c))
    assert calls == [(0, 1, "Läser formulär"), (1, 1, "Läser formulär")]
    calls.clear()
    run(
        RunOptions(inbox, template, tmp_path / "out", jobs=1, lang="en"), lambda *c: calls.append(c)
    )
    assert {label for _, _, label in calls} == {"Reading forms"}


def test_the_progress_bar_has_a_label(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from docxmerge.cli import main

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.docx").write_bytes((FIXTURES / "inbox" / "Farsta v2 slutlig.docx").read_bytes())
    monkeypatch.setattr("docxmerge.cli._interactive", lambda: True)
    args = ["run", str(inbox), "-t", str(FIXTURES / "template.docx"), "-o", str(tmp_path / "o")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr.startswith("Läser formulär")
