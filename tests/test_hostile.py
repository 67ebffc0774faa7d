"""End to end through run(): an inbox full of hostile files, odd file-system entries and odd
answers. The run finishes; every entry is accounted for with the right status and reason;
no output contains a secret kept outside the inbox; inputs are unchanged; nothing is written
outside the output folder. And a run killed midway leaves the previous outputs intact.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import build_fixtures as bf
import hostile
import openpyxl
import pytest
import wordxml as wx
from lxml import etree

from docxmerge.docx.package import MIB
from docxmerge.model import Response
from docxmerge.run import RunOptions, RunOutcome, run

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
FORMS = {form.file: form for form in bf.FORMS}
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"

BIG_ANSWER = hostile.varied_text(MIB)
ODD_ANSWERS = {
    "1.1": "=1+1",
    "1.2": '=HYPERLINK("http://127.0.0.1:9/","klicka")',
    "2.1": "+46 8 508 000 00",
    "3.1": "@SUM(A1:A3)",
    "3.2": "-2",
    "3.3": "RTL \u202eטקסט\u202c emoji 😀👩‍👩‍👧 C1 \u0085\u009f noll\u200bbredd",
    "3.4": BIG_ANSWER,
}
ODD_FIELDS = {
    "Nämnd": "Formelnämnden",
    "Kontaktperson för eventuella frågor": "=cmd|' /C calc'!A0",
    "Telefon": "+46 8 508 000 00",
    "E-post": "@evil",
}
# w:sym (ECMA-376 §17.3.3.30) is the one way a control character reaches answer text: the
# XML itself cannot hold one. Non-symbol fonts map w:char to the code point as it stands.
SYMBOLS_XML = wx.p(
    inner=wx.run("A")
    + '<w:r><w:sym w:font="Arial" w:char="0001"/></w:r>'
    + wx.run("B")
    + '<w:r><w:sym w:font="Arial" w:char="001B"/></w:r>'
    + wx.run("C")
    + '<w:r><w:sym w:font="Arial" w:char="D800"/></w:r>'  # a lone surrogate
    + wx.run("D")
    + '<w:r><w:sym w:font="Arial" w:char="FFFE"/></w:r>'
    + wx.run("E")
)
SYMBOLS_TEXT = "A\x01B\x1bC\ud800D\ufffeE"
SYMBOLS_JSON = "A\x01B\x1bC\ufffdD\ufffeE"  # UTF-8 cannot hold a lone surrogate


@dataclass
class Inbox:
    root: Path
    inbox: Path
    outside: Path
    out: Path
    expected: dict[str, tuple[str, str | None]]  # name -> (status, error_code)


def _form(name: str) -> bytes:
    return (FIXTURES / "inbox" / name).read_bytes()


def _secret_form() -> bytes:
    """A valid form whose every answer is the secret: it must never be read."""
    answers = dict.fromkeys(("1.1", "1.2", "2.1"), f"{hostile.SECRET} svar")
    fields = {"Nämnd": f"Hemliga nämnden {hostile.SECRET}"}
    return bf.build_form(bf.Form("secret.docx", "Hemliga nämnden", "", fields, answers))


WHITESPACE_FORM = "Södermalm SDN - näringslivsrapport.docx"
REPETITIVE_ANSWER = ("Inga avvikelser. " * 61_681).strip()  # 1 MiB, deflates ~300:1


def _whitespace_form() -> bytes:
    """A real form whose document.xml holds 5 MiB of indentation: deflates ~1000:1, honest."""
    with zipfile.ZipFile(io.BytesIO(_form(WHITESPACE_FORM))) as source:
        document = source.read("word/document.xml")
    padded = document.replace(b"<w:body>", b"<w:body>\n" + b" " * (5 * MIB), 1)
    return hostile.replace_members(_form(WHITESPACE_FORM), {"word/document.xml": padded})


def _repetitive_form() -> bytes:
    fields = {"Nämnd": "Repetitiva nämnden"}
    answers: dict[str, bf.Answer] = {"1.1": REPETITIVE_ANSWER}
    return bf.build_form(bf.Form("rep.docx", "Repetitiva nämnden", "", fields, answers))


def _odd_form() -> bytes:
    answers: dict[str, bf.Answer] = dict(ODD_ANSWERS)
    answers["3.5"] = bf.Custom(SYMBOLS_XML, (SYMBOLS_TEXT,))
    return bf.build_form(bf.Form("odd.docx", "Formelnämnden", "", ODD_FIELDS, answers))


HOSTILE_FILES: dict[str, tuple[Any, str]] = {
    "bomb ratio.docx": (hostile.bomb_past_ratio, "zip_bomb"),
    "bomb lying size.docx": (hostile.bomb_lying_size, "damaged"),
    "billion laughs.docx": (
        lambda: hostile.docx_with_document(hostile.billion_laughs()),
        "unsafe_xml",
    ),
    "rels doctype.docx": (
        lambda: hostile.replace_members(
            hostile.small_form(), {"_rels/.rels": hostile.rels_with_doctype()}
        ),
        "unsafe_xml",
    ),
    "deep nesting.docx": (lambda: hostile.docx_with_document(hostile.deep_nesting()), "xml_error"),
    "bzip2 bomb.docx": (hostile.bzip2_bomb, "unsupported_compression"),
    "bzip2 bomb lying.docx": (
        lambda: hostile.bzip2_bomb(declared=18 * 1024),
        "unsupported_compression",
    ),
    "deep 300.docx": (lambda: hostile.docx_with_document(hostile.deep_nesting(300)), "xml_error"),
    "truncated.docx": (lambda: hostile.truncated(_form("Skärholmen T2 2022.docx")), "damaged"),
    "random.docx": (hostile.random_bytes, "not_word"),
    "zero.docx": (lambda: b"", "empty_file"),
    "old word.doc": (hostile.ole2_doc, "legacy_doc"),
    "password.docx": (hostile.ole2_encrypted, "encrypted"),
    "spreadsheet.docx": (hostile.xlsx, "not_word"),
    "open document.odt": (hostile.odt, "odt"),
    "rich text.rtf": (hostile.rtf, "rtf"),
    "scan.pdf": (hostile.pdf, "pdf"),
    "duplicate names.docx": (hostile.duplicate_entries, "damaged"),
    "many entries.docx": (hostile.many_entries, "too_many_entries"),
    "bzip2.docx": (hostile.bzip2_member, "unsupported_compression"),
    "encrypted entry.docx": (hostile.encrypted_entry, "encrypted"),
    "no main part.docx": (hostile.missing_main_part, "missing_main_part"),
    "text node 12 MB.docx": (
        lambda: hostile.docx_with_document(hostile.long_text_node(hostile.varied_text(12 * MIB))),
        "too_large",
    ),
}

# Valid forms under odd names: each must be read.
ODD_NAMES = {
    "name with  spaces.docx": "Bromma stadsdelsnämnd T2.docx",
    "new\nline.docx": "Exploateringsnämnden T2 2022.docx",
    "Årsta åäö ÅÄÖ.docx": "Enskede-Årsta-Vantör T2 2022.docx",
    "😀 svar 🇸🇪.docx": "Kulturnämnden_T2_2022.docx",
    "sub folder/nested form.docx": "Norra innerstaden T2.docx",
}


def build_inbox(root: Path) -> Inbox:
    inbox, outside, out = root / "inbox", root / "outside", root / "out"
    inbox.mkdir()
    outside.mkdir()
    (outside / "secret.docx").write_bytes(_secret_form())
    (outside / "secret.txt").write_text(hostile.SECRET)
    (outside / "folder").mkdir()
    (outside / "folder" / "also secret.docx").write_bytes(_secret_form())
    expected: dict[str, tuple[str, str | None]] = {}
    for name, (builder, code) in HOSTILE_FILES.items():
        (inbox / name).write_bytes(builder())
        expected[name] = ("unreadable", code)
    xxe = hostile.external_entity((outside / "secret.txt").as_uri())
    (inbox / "external entity.docx").write_bytes(hostile.docx_with_document(xxe))
    expected["external entity.docx"] = ("unreadable", "unsafe_xml")
    (inbox / "dotdot names.docx").write_bytes(hostile.dotdot_entries())
    # Read through (no entry extracted), then judged: one paragraph "Svar" is not the form.
    expected["dotdot names.docx"] = ("unreadable", "not_this_form")
    (inbox / "sub folder").mkdir()
    for name, source in ODD_NAMES.items():
        (inbox / name).write_bytes(_form(source))
        expected[name] = ("read", None)
    (inbox / "whitespace 5 MiB.docx").write_bytes(_whitespace_form())
    expected["whitespace 5 MiB.docx"] = ("read", None)
    (inbox / "answer 1 MiB.docx").write_bytes(_repetitive_form())
    expected["answer 1 MiB.docx"] = ("read", None)
    (inbox / "formler och tecken.docx").write_bytes(_odd_form())
    expected["formler och tecken.docx"] = ("read", None)
    hostile.write_large_docx(inbox / "large 60 MB.docx", 60 * MIB)
    # Read whole (60 MB of XML is within the limits) and judged: it holds no question.
    expected["large 60 MB.docx"] = ("unreadable", "not_this_form")
    (inbox / "link to secret.docx").symlink_to(outside / "secret.docx")
    expected["link to secret.docx"] = ("skipped", "symlink")
    (inbox / "link to folder").symlink_to(outside / "folder", target_is_directory=True)
    expected["link to folder"] = ("skipped", "symlink")
    os.mkfifo(inbox / "pipe.docx")
    expected["pipe.docx"] = ("skipped", "special_file")
    (inbox / ".hidden.docx").write_bytes(_secret_form())
    expected[".hidden.docx"] = ("skipped", "hidden_file")
    (inbox / "~$svar.docx").write_bytes(hostile.word_lock_file())
    expected["~$svar.docx"] = ("skipped", "lock_file")
    (inbox / ".~lock.svar.docx#").write_bytes(hostile.libreoffice_lock_file())
    expected[".~lock.svar.docx#"] = ("skipped", "libreoffice_lock_file")
    return Inbox(root, inbox, outside, out, expected)


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """(mode, mtime_ns, sha256 or link target) of every entry; links are not followed."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if path.is_symlink():
            content = os.readlink(path)
        elif path.is_file():
            content = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            content = ""
        found[str(path.relative_to(folder))] = (info.st_mode, info.st_mtime_ns, content)
    return found


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Inbox, RunOutcome]:
    box = build_inbox(tmp_path_factory.mktemp("hostile"))
    before = snapshot(box.root)
    outcome = run(RunOptions(box.inbox, FIXTURES / "template.docx", box.out, jobs=2))
    after = snapshot(box.root)
    outputs = {k for k in after if k == "out" or k.startswith("out/")}
    assert {k: v for k, v in after.items() if k not in outputs} == before
    drafts = {k for k in outputs if k.startswith("out/reminders/")}
    assert sorted(outputs - drafts) == [
        "out",
        "out/answers.json",
        "out/completeness.xlsx",
        "out/reminders",
        "out/report.docx",
    ]
    assert drafts and all(k.endswith(".eml") and k.count("/") == 2 for k in drafts)
    return box, outcome


def by_name(outcome: RunOutcome) -> dict[str, Response]:
    return {r.file.name: r for r in outcome.result.responses}


def test_every_entry_is_accounted_for_with_status_and_reason(
    hostile_run: tuple[Inbox, RunOutcome],
) -> None:
    box, outcome = hostile_run
    found = {name: (r.status, r.error_code) for name, r in by_name(outcome).items()}
    assert found == box.expected
    assert len(outcome.result.responses) == len(box.expected)
    for response in outcome.result.responses:
        if response.status != "read":
            assert response.error  # a sentence for the user


def test_answers_json_lists_every_entry(hostile_run: tuple[Inbox, RunOutcome]) -> None:
    box, _ = hostile_run
    answers = json.loads((box.out / "answers.json").read_text(encoding="utf-8"))
    found = {r["file"]: (r["status"], r["error_code"]) for r in answers["responses"]}
    assert found == box.expected


def test_files_sheet_lists_every_entry(hostile_run: tuple[Inbox, RunOutcome]) -> None:
    box, _ = hostile_run
    sheet = openpyxl.load_workbook(box.out / "completeness.xlsx")["Filer"]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(box.expected)


def output_bytes(out: Path) -> dict[str, bytes]:
    """Every output file (the reminder drafts too), and every member of the zipped ones, as
    bytes."""
    found = {}
    for path in [*out.iterdir(), *(out / "reminders").iterdir()]:
        if path.is_dir():
            continue
        data = path.read_bytes()
        found[path.name] = data
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    found[f"{path.name}/{info.filename}"] = archive.read(info)
    return found


def test_no_output_contains_the_secret(hostile_run: tuple[Inbox, RunOutcome]) -> None:
    box, outcome = hostile_run
    secret = hostile.SECRET.encode()
    leaks = [name for name, data in output_bytes(box.out).items() if secret in data]
    assert leaks == []
    assert hostile.SECRET not in repr(outcome.result)


def _answers_of(box: Inbox, file: str) -> dict[str, str]:
    answers = json.loads((box.out / "answers.json").read_text(encoding="utf-8"))
    response = next(r for r in answers["responses"] if r["file"] == file)
    return {a["question_id"]: a["text"] for a in response["answers"]}


def test_odd_answers_land_intact_in_answers_json(hostile_run: tuple[Inbox, RunOutcome]) -> None:
    box, _ = hostile_run
    texts = _answers_of(box, "formler och tecken.docx")
    assert {qid: texts[qid] for qid in ODD_ANSWERS} == ODD_ANSWERS
    assert texts["3.5"] == SYMBOLS_JSON


def test_honest_files_with_extreme_ratios_are_read_whole(
    hostile_run: tuple[Inbox, RunOutcome],
) -> None:
    box, outcome = hostile_run
    assert _answers_of(box, "answer 1 MiB.docx")["1.1"] == REPETITIVE_ANSWER
    original = _answers_of(box, "whitespace 5 MiB.docx")
    assert by_name(outcome)["whitespace 5 MiB.docx"].respondent == "Södermalms stadsdelsnämnd"
    assert len(original) == 9 and all(original.values())


def test_odd_answers_land_in_the_report(hostile_run: tuple[Inbox, RunOutcome]) -> None:
    box, _ = hostile_run
    with zipfile.ZipFile(box.out / "report.docx") as report:
        root = etree.fromstring(report.read("word/document.xml"))
    text = "".join(t.text or "" for t in root.iter(W_T))
    for answer in ODD_ANSWERS.values():
        assert answer in text
    assert "A\ufffdB\ufffdC\ufffdD\ufffdE" in text  # characters XML forbids, replaced


def test_formula_like_fields_stay_text_in_the_workbook(
    hostile_run: tuple[Inbox, RunOutcome],
) -> None:
    box, _ = hostile_run
    book = openpyxl.load_workbook(box.out / "completeness.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    for value in ODD_FIELDS.values():
        assert value in values


def test_dotdot_entries_were_read_not_extracted(hostile_run: tuple[Inbox, RunOutcome]) -> None:
    box, outcome = hostile_run
    assert by_name(outcome)["dotdot names.docx"].error_code == "not_this_form"  # parsed through
    assert not (box.root / "escaped.txt").exists()
    assert not (box.root.parent / "escaped.txt").exists()
    assert not Path("/tmp/absolute-escape.txt").exists()


# --------------------------------------------------------------------------- kill mid-run


def _cli(inbox: Path, out: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "docxmerge", "run", str(inbox)]
    command += ["--template", str(FIXTURES / "template.docx"), "--out", str(out), "--quiet"]
    return subprocess.Popen(
        command,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _check_complete(out: Path) -> dict[str, bytes]:
    """Every output exists and is whole: JSON parses, the zips open and parse."""
    found = {name: (out / name).read_bytes() for name in ("answers.json", "report.docx")}
    found["completeness.xlsx"] = (out / "completeness.xlsx").read_bytes()
    json.loads(found["answers.json"])
    with zipfile.ZipFile(io.BytesIO(found["report.docx"])) as report:
        assert report.testzip() is None
        etree.fromstring(report.read("word/document.xml"))
    openpyxl.load_workbook(io.BytesIO(found["completeness.xlsx"]))
    return found


def test_killed_run_leaves_previous_outputs_intact(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    shutil.copytree(FIXTURES / "inbox", inbox)
    started = time.monotonic()
    first = _cli(inbox, out)
    assert first.wait(timeout=600) == 0
    duration = time.monotonic() - started
    previous = _check_complete(out)
    # The next run has more to do, and so different outputs.
    (inbox / "extra.docx").write_bytes(_odd_form())
    killed = 0
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.85, 0.95):
        process = _cli(inbox, out)
        time.sleep(duration * fraction)
        os.killpg(process.pid, signal.SIGKILL)
        killed += process.wait(timeout=60) == -signal.SIGKILL
        _check_complete(out)  # whatever the moment: whole files, old or new
    assert killed >= 1
    # A later run still works, and its outputs replace the old ones.
    assert _cli(inbox, out).wait(timeout=600) == 0
    final = _check_complete(out)
    assert final["answers.json"] != previous["answers.json"]
    responses = json.loads(final["answers.json"])["responses"]
    extra = next(r for r in responses if r["file"] == "extra.docx")
    assert (extra["status"], extra["respondent"]) == ("read", "Formelnämnden")
