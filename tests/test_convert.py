"""convert.py: LibreOffice conversion without network access, with a time limit and clean-up.

The tests that run LibreOffice skip when soffice or a network namespace is unavailable. The
control test runs the same conversion without the namespace and shows that the fetch really
happens there, so the isolation test cannot pass for the wrong reason.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import hostile
import pytest

from docxmerge.docx import convert
from docxmerge.docx.package import Package
from docxmerge.model import UnreadableError

W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


class Listener:
    """A loopback TCP port that records every connection it receives."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.socket.settimeout(0.1)
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    self.requests.append(connection.recv(4096))
                except OSError:
                    self.requests.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    port = Listener()
    yield port
    port.close()


def needs_conversion() -> None:
    available, reason = convert.conversion_available()
    if not available:
        pytest.skip(reason)


def texts(path: Path) -> list[str]:
    package = Package.open(path)
    return [t.text or "" for t in package.read_xml(package.main_part).iter(W_T)]


def test_linked_image_is_not_fetched(tmp_path: Path, listener: Listener) -> None:
    needs_conversion()
    source = tmp_path / "svar.odt"
    source.write_bytes(hostile.linked_image_odt(f"http://127.0.0.1:{listener.port}/x.png"))
    work = tmp_path / "work"
    work.mkdir()
    converted = convert.convert_to_docx(source, work, timeout=120)
    assert "Svar med länkad bild" in texts(converted)
    assert listener.requests == []


def test_control_without_namespace_the_fetch_happens(tmp_path: Path, listener: Listener) -> None:
    # The same conversion with no isolation prefix: LibreOffice requests the linked image.
    needs_conversion()
    soffice = convert._soffice()
    assert soffice is not None
    source = tmp_path / "input.odt"
    source.write_bytes(hostile.linked_image_odt(f"http://127.0.0.1:{listener.port}/x.png"))
    command = convert.soffice_command(soffice, (), tmp_path / "profile", tmp_path, source)
    converted = convert.run_conversion(command, tmp_path, timeout=120)
    assert "Svar med länkad bild" in texts(converted)
    assert any(b"/x.png HTTP/1.1" in request for request in listener.requests)


def test_rtf_converts_and_leaves_input_and_workdir_clean(tmp_path: Path) -> None:
    needs_conversion()
    inbox = tmp_path / "in box"
    inbox.mkdir()
    source = inbox / "-svar\nnamn åäö.rtf"  # a name no command line should see
    source.write_bytes(hostile.rtf())
    os.utime(source, (1_000_000_000, 1_000_000_000))
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    work = tmp_path / "work"
    work.mkdir()
    converted = convert.convert_to_docx(source, work, timeout=120)
    assert texts(converted) == ["Hej världen"]
    assert sorted(p.name for p in inbox.iterdir()) == [source.name]  # no lock file beside it
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before
    assert [p.relative_to(work) for p in work.rglob("*") if p.is_file()] == [
        converted.relative_to(work)
    ]


def test_time_limit_kills_the_whole_process_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    script = f"sleep 60 & echo $! > '{pid_file}'; wait"
    with pytest.raises(UnreadableError) as caught:
        convert.run_conversion(["sh", "-c", script], tmp_path, timeout=1)
    assert caught.value.code == "convert_failed"
    assert "timed out" in caught.value.detail
    child = int(pid_file.read_text())
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_failed_conversion_says_what_happened(tmp_path: Path) -> None:
    with pytest.raises(UnreadableError) as caught:
        convert.run_conversion([sys.executable, "-c", "print('boom'); exit(3)"], tmp_path, 10)
    assert caught.value.code == "convert_failed"
    assert caught.value.detail == "LibreOffice exit status 3: boom"


def test_unavailable_without_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    available, reason = convert.conversion_available()
    assert not available
    assert "LibreOffice is not installed" in reason
    source = tmp_path / "svar.rtf"
    source.write_bytes(hostile.rtf())
    with pytest.raises(UnreadableError) as caught:
        convert.convert_to_docx(source, tmp_path)
    assert caught.value.code == "convert_unavailable"
    assert caught.value.detail == reason


def test_unavailable_without_network_namespace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "soffice").write_text("#!/bin/sh\nexit 0\n")
    (tmp_path / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(convert, "network_isolation", lambda: None)
    available, reason = convert.conversion_available()
    assert not available
    assert "unshare" in reason
    with pytest.raises(UnreadableError) as caught:
        convert.convert_to_docx(tmp_path / "svar.rtf", tmp_path)
    assert caught.value.code == "convert_unavailable"


def test_only_legacy_formats_are_converted(tmp_path: Path) -> None:
    needs_conversion()
    source = tmp_path / "svar.pdf"
    source.write_bytes(hostile.pdf())
    with pytest.raises(UnreadableError) as caught:
        convert.convert_to_docx(source, tmp_path)
    assert caught.value.code == "convert_failed"
    assert list(tmp_path.iterdir()) == [source]


def test_network_isolation_probe_finds_only_loopback() -> None:
    prefix = convert.network_isolation()
    if prefix is None:
        pytest.skip("no network namespace here")
    assert prefix[1] in ("--net", "-rn")
    assert convert._probe(prefix)
