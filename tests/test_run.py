"""The batch run as a library: inbox listing, parallel reading, staging of outputs."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import hostile
import pytest
from conftest import FIXTURES

from docxmerge.model import Response
from docxmerge.run import (
    InboxEntry,
    RunError,
    RunOptions,
    _Job,
    _read_in_pool,
    list_inbox,
    load_template,
    read_one,
    run,
)
from docxmerge.writers.outputs import STAGING_PREFIX

FORM = FIXTURES / "inbox" / "Enskede-Årsta-Vantör T2 2022.docx"
TEMPLATE = FIXTURES / "template.docx"


def _statuses(out: Path) -> dict[str, tuple[str, str | None]]:
    data = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    return {r["file"]: (r["status"], r["error_code"]) for r in data["responses"]}


def test_running_on_a_folder_that_holds_the_template_and_the_outputs(tmp_path: Path) -> None:
    # `docxmerge run .` from a round folder: template and output folder are not forms.
    shutil.copy2(TEMPLATE, tmp_path / "template.docx")
    shutil.copy2(FORM, tmp_path / "enskede.docx")
    shutil.copy2(TEMPLATE, tmp_path / "blank copy.docx")
    options = RunOptions(tmp_path, tmp_path / "template.docx", tmp_path / "output", jobs=1)
    run(options)
    outcome = run(options)  # the second run must not read the first run's outputs
    assert _statuses(tmp_path / "output") == {
        "blank copy.docx": ("skipped", "blank_form"),
        "enskede.docx": ("read", None),
        "output": ("skipped", "output_folder"),  # listed, said so, never walked
        "template.docx": ("skipped", "template_file"),
    }
    assert outcome.count("read") == 1
    notes = [(m.code, m.params) for m in outcome.result.messages if m.location == "run"]
    assert notes == [("output_in_inbox", (("path", str(tmp_path / "output")),))]


def test_the_inbox_as_its_own_output_folder_reads_no_output(tmp_path: Path) -> None:
    # `docxmerge run inbox -o inbox`, twice: the first run's report.docx was read as a
    # respondent "report" and every committee's answers merged into it.
    shutil.copy2(FORM, tmp_path / "enskede.docx")
    (tmp_path / "old result").mkdir()  # another round's output folder, moved in by hand
    for name in ("report.docx", "completeness.xlsx", "answers.json"):
        (tmp_path / "old result" / name).write_bytes(FORM.read_bytes())
    options = RunOptions(tmp_path, TEMPLATE, tmp_path, jobs=1)
    run(options)
    outcome = run(options)
    assert _statuses(tmp_path) == {
        "answers.json": ("skipped", "own_output"),
        "completeness.xlsx": ("skipped", "own_output"),
        "enskede.docx": ("read", None),
        "old result": ("skipped", "output_folder"),
        "reminders": ("skipped", "own_output"),
        "report.docx": ("skipped", "own_output"),
    }
    assert [r.respondent for r in outcome.result.responses if r.status == "read"] == [
        "Enskede-Årsta-Vantörs stadsdelsnämnd"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "answers.json",
        "completeness.xlsx",
        "enskede.docx",
        "old result",
        "reminders",
        "report.docx",
    ]  # no lock, no staging folder left


def test_sub_folders_are_read_and_links_are_not_followed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "Farsta").mkdir(parents=True)
    shutil.copy2(FORM, inbox / "Farsta" / "svar.docx")
    (inbox / ".hidden").mkdir()
    (tmp_path / "secret.docx").write_bytes(FORM.read_bytes())
    (inbox / "link.docx").symlink_to(tmp_path / "secret.docx")
    names = [(e.name, e.skip_reason) for e in list_inbox(inbox)]
    assert names == [
        (".hidden", "hidden_file"),
        ("Farsta/svar.docx", None),
        ("link.docx", "symlink"),
    ]


@pytest.mark.parametrize(
    ("lang", "word", "libreoffice"),
    [
        ("sv", "Words låsfil (dokumentet var öppet)", "LibreOffices låsfil (dokumentet var öppet)"),
        (
            "en",
            "Word lock file (the document was open)",
            "LibreOffice lock file (the document was open)",
        ),
    ],
)
def test_libreoffice_lock_files_are_skipped_as_lock_files_not_hidden_ones(
    tmp_path: Path, lang: str, word: str, libreoffice: str
) -> None:
    # LibreOffice keeps ".~lock.NAME#" beside a document it has open, Word "~$NAME": both say
    # the document was open, neither is a hidden file the clerk put there
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy2(FORM, inbox / "Kulturnämnden_T2_2022.docx")
    (inbox / ".~lock.Kulturnämnden_T2_2022.docx#").write_bytes(hostile.libreoffice_lock_file())
    (inbox / "~$lturnämnden_T2_2022.docx").write_bytes(hostile.word_lock_file())
    (inbox / ".~lock.folder#").mkdir()  # a folder by that name is no lock
    run(RunOptions(inbox, TEMPLATE, tmp_path / "out", lang=lang, jobs=1))
    data = json.loads((tmp_path / "out" / "answers.json").read_text(encoding="utf-8"))
    skipped = [(r["file"], r["error_code"], r["error"], r["respondent"]) for r in data["responses"]]
    assert skipped[:2] + skipped[3:] == [
        (".~lock.Kulturnämnden_T2_2022.docx#", "libreoffice_lock_file", libreoffice, None),
        (".~lock.folder#", "hidden_file", "dold fil" if lang == "sv" else "hidden file", None),
        ("~$lturnämnden_T2_2022.docx", "lock_file", word, None),
    ]
    assert skipped[2][:2] == ("Kulturnämnden_T2_2022.docx", None)


def test_a_file_that_vanishes_is_reported_not_raised() -> None:
    template = load_template(TEMPLATE)
    entry = InboxEntry(Path("/nonexistent/gone.docx"), "gone.docx", None)
    response = read_one(entry, template, RunOptions(Path(), Path(), Path()).limits, "en")
    assert (response.status, response.error_code) == ("unreadable", "cannot_open")


class _CrashOn:
    """A reader job that kills its worker process on one file (like a crash in C would)."""

    def __init__(self, job: _Job, victim: str) -> None:
        self.job, self.victim, self.lang = job, victim, job.lang

    def __call__(self, entry: InboxEntry) -> Response:
        if entry.name == self.victim:
            os._exit(3)
        return self.job(entry)

    def read_many(self, entries: list[InboxEntry]) -> list[Response]:
        return [self(entry) for entry in entries]


def test_a_worker_that_dies_costs_only_its_own_file(tmp_path: Path) -> None:
    names = [f"form{i}.docx" for i in range(40)]
    for name in names:
        shutil.copy2(FORM, tmp_path / name)
    entries = [InboxEntry(tmp_path / n, n, None) for n in names]
    job = _Job(load_template(TEMPLATE), RunOptions(Path(), Path(), Path()).limits, "en", "")
    responses = _read_in_pool(entries, _CrashOn(job, "form2.docx"), 2, None)  # type: ignore[arg-type]
    assert [r.file.name for r in responses] == names
    statuses = [(r.status, r.error_code) for r in responses]
    assert statuses[2] == ("unreadable", "internal_error")
    assert statuses[:2] + statuses[3:] == [("read", None)] * 39
    assert responses[2].error == (
        "internal error in docxmerge while reading the file (details with --verbose)"
    )
    assert (responses[2].error_detail or "").startswith("worker process died")


def test_an_inbox_with_nothing_readable_says_why_for_each_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hej", encoding="utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(RunError) as caught:
        run(RunOptions(tmp_path, TEMPLATE, tmp_path / "out", jobs=1))
    assert [(r.file.name, r.error_code) for r in caught.value.responses] == [
        ("notes.txt", "not_word"),
        ("old.doc", "legacy_doc"),
        ("out", "output_folder"),  # made (and proved writable) before reading, removed again
    ]
    assert not (tmp_path / "out").exists()


def test_outputs_are_staged_and_stale_staging_is_removed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy2(FORM, inbox / "a.docx")
    out = tmp_path / "out"
    stale = out / f"{STAGING_PREFIX}killed"
    stale.mkdir(parents=True)
    (stale / "report.docx").write_bytes(b"half")
    (out / "reminders").mkdir()
    (out / "reminders" / "Sent last time.eml").write_bytes(b"old")
    outcome = run(RunOptions(inbox, TEMPLATE, out, jobs=1))
    assert sorted(p.name for p in out.iterdir()) == [
        "answers.json",
        "completeness.xlsx",
        "reminders",
        "report.docx",
    ]
    assert [p.name for p in outcome.outputs] == [
        "report.docx",
        "completeness.xlsx",
        "answers.json",
        "reminders",
    ]
    # the previous run's drafts are replaced as a whole: the form owes only Övriga upplysningar
    # (optional), so nobody is chased
    assert list((out / "reminders").iterdir()) == []


def test_convert_reads_a_legacy_doc_through_libreoffice(tmp_path: Path) -> None:
    from docxmerge.docx.convert import conversion_available

    available, why = conversion_available()
    if not available:
        pytest.skip(why)
    import subprocess

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(FORM)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    (tmp_path / (FORM.stem + ".doc")).rename(inbox / "enskede.doc")
    with pytest.raises(RunError) as without:
        run(RunOptions(inbox, TEMPLATE, tmp_path / "out1", jobs=1))
    assert without.value.responses[0].error_code == "legacy_doc"
    outcome = run(RunOptions(inbox, TEMPLATE, tmp_path / "out2", jobs=1, convert=True))
    response = outcome.result.responses[0]
    assert (response.status, response.respondent) == (
        "read",
        "Enskede-Årsta-Vantörs stadsdelsnämnd",
    )
    # The .doc holds no content control: answers under their headings are no warning
    assert [m.code for m in response.messages] == ["converted"]
    assert [a.flags for a in response.answers if a.flags] == []
    answers = {a.question_id: a for a in response.answers}
    assert answers["1.2"].text.startswith("Förvaltningen har under året deltagit i en pilot")
    assert answers["3.2"].text.splitlines()[2] == "Platssamverkan Rågsved och Östberga"


def test_expected_list_saved_by_swedish_excel_is_read(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy2(FORM, inbox / "a.docx")
    expected = tmp_path / "nämnder.csv"
    expected.write_bytes(
        "Namn\nEnskede-Årsta-Vantörs stadsdelsnämnd;EÅV\nSkärholmens stadsdelsnämnd\n".encode(
            "cp1252"
        )
    )
    outcome = run(RunOptions(inbox, TEMPLATE, tmp_path / "out", expected=expected, jobs=1))
    assert outcome.result.not_received == ("Skärholmens stadsdelsnämnd",)
    assert outcome.result.responses[0].respondent == "Enskede-Årsta-Vantörs stadsdelsnämnd"


def test_every_corpus_file_goes_through_a_whole_run(tmp_path: Path) -> None:
    from conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip(f"real-world corpus not found at {CORPUS}")
    inbox = tmp_path / "inbox"
    shutil.copytree(CORPUS, inbox)
    shutil.copy2(FORM, inbox / "enskede.docx")  # one real form, so that the run has a respondent
    outcome = run(RunOptions(inbox, TEMPLATE, tmp_path / "out", jobs=2))
    statuses = {r.file.name: (r.status, r.error_code) for r in outcome.result.responses}
    assert sorted(statuses) == sorted([*(p.name for p in CORPUS.iterdir()), "enskede.docx"])
    assert statuses.pop("enskede.docx") == ("read", None)
    assert statuses.pop("oxsdk__document_with_password.docx") == ("unreadable", "encrypted")
    # None of them is this form: each is read through, then judged, never an internal error.
    assert set(statuses.values()) == {("unreadable", "not_this_form")}
    data = json.loads((tmp_path / "out" / "answers.json").read_text(encoding="utf-8"))
    assert len(data["responses"]) == len(statuses) + 2


def test_a_run_freezes_its_heap_only_while_it_runs_and_leaves_a_callers_freeze_alone(
    tmp_path: Path,
) -> None:
    import gc

    from docxmerge.speed.heap import FrozenHeap

    shutil.copy2(FORM, tmp_path / "enskede.docx")
    options = RunOptions(tmp_path, TEMPLATE, tmp_path / "output", jobs=1)
    assert gc.get_freeze_count() == 0
    with FrozenHeap() as heap:
        assert gc.get_freeze_count() > 0
        heap.freeze()
    assert gc.get_freeze_count() == 0
    run(options)
    assert gc.get_freeze_count() == 0  # the run's own freeze is undone
    waiting = threading.Event()
    other = threading.Thread(target=waiting.wait)  # a threaded host: the run freezes nothing
    other.start()
    try:
        with FrozenHeap():
            assert gc.get_freeze_count() == 0
    finally:
        waiting.set()
        other.join()
    gc.freeze()  # a caller that froze its start-up objects itself (a pre-fork server)
    try:
        frozen = gc.get_freeze_count()
        run(options)
        assert gc.get_freeze_count() == frozen  # neither thawed nor grown by the run
    finally:
        gc.unfreeze()


ESG = FIXTURES / "realforms" / "esg-supplier-questionnaire"
HARBOR_FORM = "Harbor Electronics - ESG Supplier Questionnaire (completed).docx"
HARBOR_PDF = "Harbor Electronics - ISO 9001 certificate.pdf"


def _errors(tmp_path: Path, inbox: Path, lang: str) -> dict[str, str | None]:
    out = tmp_path / f"out-{lang}"
    run(RunOptions(inbox, ESG / "template.docx", out, lang=lang, jobs=1))
    data = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    return {r["file"]: r["error"] for r in data["responses"] if r["status"] == "unreadable"}


@pytest.mark.parametrize(
    ("lang", "pdf", "image"),
    [
        (
            "sv",
            f"bilaga till formuläret från Harbor Electronics Inc. ({HARBOR_FORM}, läst): "
            "PDF-filen läses inte",
            f"bilaga till formuläret från Harbor Electronics Inc. ({HARBOR_FORM}, läst): "
            "filen läses inte",
        ),
        (
            "en",
            f"attachment to the form from Harbor Electronics Inc. ({HARBOR_FORM}, read): "
            "the PDF file is not read",
            f"attachment to the form from Harbor Electronics Inc. ({HARBOR_FORM}, read): "
            "the file is not read",
        ),
    ],
)
def test_a_pdf_or_image_beside_a_read_form_is_its_attachment(
    tmp_path: Path, lang: str, pdf: str, image: str
) -> None:
    # fixtures/realforms/esg-supplier-questionnaire: Harbor sent a certificate with the form
    inbox = tmp_path / "inbox"
    shutil.copytree(ESG / "inbox", inbox)
    (inbox / "Harbor Electronics signature.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (inbox / "notes.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # nobody's
    assert _errors(tmp_path, inbox, lang) == {
        HARBOR_PDF: pdf,
        "Harbor Electronics signature.png": image,
        "notes.png": "inte ett Word-dokument" if lang == "sv" else "not a Word document",
    }


@pytest.mark.parametrize(
    ("lang", "advice"),
    [
        ("sv", "PDF-fil: be om Word-filen i stället"),
        ("en", "PDF file: ask for the Word file instead"),
    ],
)
def test_a_pdf_with_no_read_form_from_its_sender_still_asks_for_the_word_file(
    tmp_path: Path, lang: str, advice: str
) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(ESG / "inbox", inbox)
    (inbox / HARBOR_FORM).unlink()
    assert _errors(tmp_path, inbox, lang) == {HARBOR_PDF: advice}
