"""Property tests: random corruptions of the fixture forms never make the reader raise anything
but UnreadableError (and never an internal error), and never hang.

Corruptions: bytes flipped anywhere in the file, the file truncated, one member truncated,
and XML elements of document.xml removed or duplicated. Examples are derandomized and bounded
so CI sees the same cases every time; a per-example alarm turns a hang into a failure.
"""

from __future__ import annotations

import copy
import io
import json
import shutil
import signal
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from docxmerge.docx.package import Package
from docxmerge.docx.reader import read_package
from docxmerge.model import Document, UnreadableError
from docxmerge.run import RunOptions, run

INBOX = Path(__file__).resolve().parents[1] / "fixtures" / "inbox"
TEMPLATE = INBOX.parent / "template.docx"
INTACT = "Södermalm SDN - näringslivsrapport.docx"


def _readable_forms() -> list[Path]:
    """The fixture files that read as Word documents (the inbox also holds broken ones)."""
    found = []
    for path in sorted(INBOX.glob("*.docx")) if INBOX.is_dir() else []:
        try:
            read_package(Package.open(path), path.name)
        except UnreadableError:
            continue
        found.append(path)
    return found


FORMS = _readable_forms()
HANG_SECONDS = 30  # far above the ~0.1 s a form takes; only a real hang reaches it

pytestmark = pytest.mark.skipif(not FORMS, reason="fixtures/inbox has no .docx forms")

BOUNDED = settings(
    max_examples=80,
    deadline=None,  # no timing assertions: the alarm below catches hangs
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Hang(Exception):
    pass


@contextmanager
def hang_guard() -> Iterator[None]:
    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer within {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def read_bytes_as_reader_does(data: bytes) -> Document | UnreadableError:
    """Open and read a package; return the Document or the UnreadableError (nothing else)."""
    with hang_guard():
        try:
            return read_package(Package.from_bytes(data, "corrupt.docx"), "corrupt.docx")
        except UnreadableError as exc:
            return exc


def assert_clean_outcome(outcome: Document | UnreadableError) -> None:
    event(outcome.code if isinstance(outcome, UnreadableError) else "read")
    if isinstance(outcome, UnreadableError):
        assert outcome.code != "internal_error", outcome.detail


_CACHE: dict[Path, bytes] = {}


def form_bytes(index: int) -> bytes:
    path = FORMS[index % len(FORMS)]
    if path not in _CACHE:
        _CACHE[path] = path.read_bytes()
    return _CACHE[path]


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
    return out.getvalue()


forms = st.integers(min_value=0, max_value=len(FORMS) - 1 if FORMS else 0)


def test_the_corruptions_start_from_real_forms() -> None:
    assert len(FORMS) >= 10
    assert all(isinstance(read_bytes_as_reader_does(form_bytes(i)), Document) for i in range(3))


@BOUNDED
@given(forms, st.data())
def test_flipped_bytes(form: int, data: st.DataObject) -> None:
    package = bytearray(form_bytes(form))
    positions = st.integers(0, len(package) - 1)
    for where, mask in data.draw(st.lists(st.tuples(positions, st.integers(1, 255)), max_size=12)):
        package[where] ^= mask
    assert_clean_outcome(read_bytes_as_reader_does(bytes(package)))


@BOUNDED
@given(forms, st.data())
def test_flipped_bytes_inside_xml_parts(form: int, data: st.DataObject) -> None:
    package = form_bytes(form)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = sorted(n for n in archive.namelist() if n.endswith((".xml", ".rels")))
        name = data.draw(st.sampled_from(names), label="member")
        content = bytearray(archive.read(name))
    positions = st.integers(0, len(content) - 1)
    for where, mask in data.draw(st.lists(st.tuples(positions, st.integers(1, 255)), min_size=1)):
        content[where] ^= mask
    assert_clean_outcome(read_bytes_as_reader_does(rezip(package, {name: bytes(content)})))


@BOUNDED
@given(forms, st.data())
def test_truncated_file(form: int, data: st.DataObject) -> None:
    package = form_bytes(form)
    keep = data.draw(st.integers(1, len(package) - 1), label="keep")
    assert_clean_outcome(read_bytes_as_reader_does(package[:keep]))


@BOUNDED
@given(forms, st.data())
def test_truncated_member(form: int, data: st.DataObject) -> None:
    package = form_bytes(form)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = sorted(archive.namelist())
        name = data.draw(st.sampled_from(names), label="member")
        content = archive.read(name)
    keep = data.draw(st.integers(0, max(len(content) - 1, 0)), label="keep")
    assert_clean_outcome(read_bytes_as_reader_does(rezip(package, {name: content[:keep]})))


@BOUNDED
@given(
    forms,
    st.lists(
        st.tuples(st.sampled_from(["remove", "duplicate"]), st.floats(0, 1)), min_size=1, max_size=8
    ),
)
def test_removed_or_duplicated_elements(form: int, edits: list[tuple[str, float]]) -> None:
    package = form_bytes(form)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    for action, where in edits:
        elements = [e for e in root.iter() if e is not root and e.getparent() is not None]
        if not elements:
            break
        element = elements[int(where * len(elements)) % len(elements)]
        parent = element.getparent()
        assert parent is not None
        if action == "remove":
            parent.remove(element)
        else:
            element.addnext(copy.deepcopy(element))
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    outcome = read_bytes_as_reader_does(rezip(package, {"word/document.xml": document}))
    assert_clean_outcome(outcome)


def _corrupted(package: bytes, how: str, where: float, mask: int) -> bytes:
    """One corruption of a whole form: bytes flipped, the file cut short, or an XML part hit."""
    if how == "truncate":
        return package[: max(1, int(where * len(package)))]
    if how == "flip":
        damaged = bytearray(package)
        for step in range(8):
            damaged[int((where + step / 8) % 1 * len(damaged))] ^= mask
        return bytes(damaged)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        content = bytearray(archive.read("word/document.xml"))
    content[int(where * len(content))] ^= mask
    return rezip(package, {"word/document.xml": bytes(content)})


BOUNDED_RUNS = settings(BOUNDED, max_examples=10)


@BOUNDED_RUNS
@given(
    st.lists(
        st.tuples(
            forms,
            st.sampled_from(["flip", "truncate", "xml"]),
            st.floats(0, 1, exclude_max=True),
            st.integers(1, 255),
        ),
        min_size=2,
        max_size=3,
    )
)
def test_a_whole_run_over_corrupted_copies_accounts_for_every_file(
    corruptions: list[tuple[int, str, float, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        inbox = Path(folder) / "inbox"
        inbox.mkdir()
        shutil.copy2(INBOX / INTACT, inbox / INTACT)
        for number, (form, how, where, mask) in enumerate(corruptions):
            damaged = _corrupted(form_bytes(form), how, where, mask)
            (inbox / f"skadad {number} {how}.docx").write_bytes(damaged)
        listing = sorted(p.name for p in inbox.iterdir())
        with hang_guard():
            run(RunOptions(inbox, TEMPLATE, Path(folder) / "out", jobs=1))
        answers = json.loads((Path(folder) / "out" / "answers.json").read_text(encoding="utf-8"))
    responses = {r["file"]: r for r in answers["responses"]}
    assert sorted(responses) == listing
    assert responses[INTACT]["status"] in ("read", "superseded")  # a copy may be the same form
    for response in responses.values():
        event(response["error_code"] or response["status"])
        assert response["status"] in ("read", "superseded", "unreadable"), response
        assert response["error_code"] != "internal_error", response
