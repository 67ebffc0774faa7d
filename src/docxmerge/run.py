"""The batch run as a library function: inbox -> read -> match -> outputs.

``run(RunOptions(...))`` lists every inbox entry, reads the forms (in parallel processes),
matches them against the template, decides who answered and which versions are superseded,
and writes report.docx, completeness.xlsx and answers.json. Nothing is printed: progress goes
through a callback and problems travel in the returned ``RunOutcome``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from docxmerge import i18n
from docxmerge.answers import respondents
from docxmerge.answers.expected import expected_from_rows
from docxmerge.answers.form import match_form
from docxmerge.answers.optional import make_optional
from docxmerge.answers.template import derive_template
from docxmerge.docx.convert import conversion_available, convert_to_docx
from docxmerge.docx.list_file import read_list
from docxmerge.docx.package import Limits, read_file
from docxmerge.docx.reader import read_docx, read_docx_bytes
from docxmerge.model import (
    Document,
    Expected,
    FileInfo,
    FileStatus,
    Message,
    Response,
    RunResult,
    Template,
    UnreadableError,
)
from docxmerge.speed.heap import FrozenHeap
from docxmerge.speed.packed import pack_answers
from docxmerge.writers.answers_json import write_answers_json
from docxmerge.writers.reminders import REMINDERS_NAME, write_reminders
from docxmerge.writers.report import write_report

STAGING_PREFIX = ".docxmerge-staging-"
REPORT_NAME = "report.docx"
WORKBOOK_NAME = "completeness.xlsx"
JSON_NAME = "answers.json"

ProgressCallback = Callable[[int, int], None]
CONVERTIBLE_CODES = frozenset({"legacy_doc", "rtf", "odt"})


class RunError(Exception):
    """The run could not be done at all (no template, nothing readable, output not writable).

    ``responses`` holds what was found in the inbox, when the run got that far, so that the
    reasons for each unreadable file can still be shown.
    """

    def __init__(self, text: str, responses: tuple[Response, ...] = ()) -> None:
        super().__init__(text)
        self.responses = responses


@dataclass(frozen=True, slots=True)
class RunOptions:
    inbox: Path
    template: Path
    out: Path
    expected: Path | None = None
    lang: str | None = None  # "sv" / "en"; None: the template's language
    jobs: int | None = None  # None: the number of cores
    title: str | None = None
    limits: Limits = field(default_factory=Limits)
    convert: bool = False  # convert .doc/.rtf/.odt with LibreOffice, cut off from the network
    optional: tuple[str, ...] = ()  # question ids never owed, besides those the template says


@dataclass(frozen=True, slots=True)
class RunOutcome:
    result: RunResult
    outputs: tuple[Path, ...]  # report, workbook, json, the reminders folder

    def count(self, status: FileStatus) -> int:
        return sum(1 for r in self.result.responses if r.status == status)


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """One directory entry of the inbox, before it is read."""

    path: Path
    name: str  # relative to the inbox, "/" separated
    skip_reason: str | None  # code when the entry is not read at all


# ---------------------------------------------------------------------------- inbox


def list_inbox(inbox: Path, exclude: Iterable[Path] = ()) -> list[InboxEntry]:
    """Every entry of the inbox, sorted by name; sub-folders are walked, links never followed.

    ``exclude``: the template is listed as skipped; the output folder is left out altogether.
    """
    entries: list[InboxEntry] = []
    _walk(inbox, "", {_identity(p) for p in exclude}, entries)
    return sorted(entries, key=lambda e: e.name)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _walk(
    folder: Path, prefix: str, excluded: set[tuple[int, int] | None], entries: list[InboxEntry]
) -> None:
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        entries.append(InboxEntry(folder, prefix.rstrip("/") or ".", "folder_unreadable"))
        return
    for child in children:
        name = prefix + child.name
        try:
            info = child.lstat()
        except OSError:
            entries.append(InboxEntry(child, name, "cannot_open"))
            continue
        reason = _skip_reason(child, info, excluded)
        if reason == "output_folder":
            continue  # our own outputs are not part of the inbox
        if reason == "folder":
            _walk(child, name + "/", excluded, entries)
        else:
            entries.append(InboxEntry(child, name, reason))


def _skip_reason(
    path: Path, info: os.stat_result, excluded: set[tuple[int, int] | None]
) -> str | None:
    """Why an inbox entry is not read as a form ("folder": walk into it), or None."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return "symlink"
    if (info.st_dev, info.st_ino) in excluded:
        return "output_folder" if stat.S_ISDIR(mode) else "template_file"
    if path.name.startswith("."):
        return "hidden_file"
    if stat.S_ISDIR(mode):
        return "folder"
    if not stat.S_ISREG(mode):
        return "special_file"
    if path.name.startswith("~$"):
        return "lock_file"  # Word's owner file of an open document
    return None


def file_info(entry: InboxEntry) -> FileInfo:
    """Size, modification time and sha256 of a regular file (links are not followed)."""
    info = entry.path.lstat()
    digest = sha256_of(entry.path) if stat.S_ISREG(info.st_mode) else ""
    return FileInfo(entry.name, info.st_size, _iso_time(info.st_mtime), digest)


def _info(entry: InboxEntry, size: int, digest: str) -> FileInfo:
    """FileInfo of a file already read: its size and hash come from the bytes read."""
    try:
        modified = _iso_time(entry.path.lstat().st_mtime)
    except OSError:
        modified = ""
    return FileInfo(entry.name, size, modified, digest)


def _info_or_blank(entry: InboxEntry) -> FileInfo:
    try:
        return file_info(entry)
    except OSError:  # vanished, or not readable by us
        return FileInfo(entry.name, 0, "", "")


def _iso_time(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC).isoformat(timespec="seconds")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------- one file


def read_one(
    entry: InboxEntry,
    template: Template,
    limits: Limits,
    lang: str,
    template_sha: str = "",
    convert: bool = False,
) -> Response:
    """Read and match one inbox file; never raises (a failure becomes an unreadable Response).

    The file is read once: its sha256 and the document both come from the same bytes.
    """
    if entry.skip_reason is not None:
        return _refused(_info_or_blank(entry), "skipped", entry.skip_reason, lang)
    try:
        data = read_file(entry.path, limits)
    except UnreadableError as exc:  # vanished, not ours to read, too large, not a regular file
        return _refused(_info_or_blank(entry), "unreadable", exc.code, lang, exc.detail)
    info = _info(entry, len(data), hashlib.sha256(data).hexdigest())
    if template_sha and info.sha256 == template_sha:
        return _refused(info, "skipped", "blank_form", lang)
    try:
        document = _read_document(entry, data, limits, convert)
        form = match_form(document, template, file=entry.name)
    except UnreadableError as exc:
        return _refused(info, "unreadable", exc.code, lang, exc.detail)
    except Exception as exc:  # one bad file must never cost the run
        detail = f"{type(exc).__name__}: {exc}"
        return _refused(info, "unreadable", "internal_error", lang, detail)
    if any(m.code == "not_this_form" for m in form.messages):
        return _refused(info, "unreadable", "not_this_form", lang)
    return Response(
        file=info,
        status="read",
        respondent=form.respondent,
        fields=form.fields,
        answers=pack_answers(form.answers),
        messages=document.messages + form.messages,
        document_modified=document.properties.modified,
    )


def _read_document(entry: InboxEntry, data: bytes, limits: Limits, convert: bool) -> Document:
    """Read a Word package; with ``convert``, a .doc/.rtf/.odt is first converted to .docx."""
    try:
        return read_docx_bytes(data, entry.path.name, limits)
    except UnreadableError as exc:
        if not convert or exc.code not in CONVERTIBLE_CODES:
            raise
    with tempfile.TemporaryDirectory(prefix="docxmerge-convert-") as workdir:
        converted = convert_to_docx(entry.path, Path(workdir))
        document = read_docx(converted, limits)
    note = Message(entry.name, "file", "converted", f"converted from {entry.path.suffix} to .docx")
    # LibreOffice stamps the conversion time as the modified date: it says nothing about which
    # version is newer, so the file's own date decides (respondents.choose_latest).
    properties = dataclasses.replace(document.properties, modified=None)
    return dataclasses.replace(document, properties=properties, messages=(note, *document.messages))


def _refused(
    info: FileInfo, status: FileStatus, code: str, lang: str, detail: str = ""
) -> Response:
    return Response(
        file=info,
        status=status,
        error_code=code,
        error=i18n.reason_text(code, lang, detail),
    )


@dataclass(frozen=True, slots=True)
class _Job:
    """What every reader process needs besides the entry: sent once per file."""

    template: Template
    limits: Limits
    lang: str
    template_sha: str
    convert: bool = False

    def __call__(self, entry: InboxEntry) -> Response:
        return read_one(
            entry, self.template, self.limits, self.lang, self.template_sha, self.convert
        )

    def read_many(self, entries: list[InboxEntry]) -> list[Response]:
        """One pool task: the job is sent to the worker once for the whole batch."""
        return [self(entry) for entry in entries]


def _read_all(
    entries: list[InboxEntry],
    job: _Job,
    jobs: int | None,
    progress: ProgressCallback | None,
    settle: Callable[[], None] = lambda: None,
) -> list[Response]:
    """Every entry's response, in inbox order; ``settle`` is called as responses come in."""
    if progress is not None:
        progress(0, len(entries))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(entries)))
    if workers == 1:
        responses = []
        for done, entry in enumerate(entries, start=1):
            responses.append(job(entry))
            settle()
            if progress is not None:
                progress(done, len(entries))
        return responses
    return _read_in_pool(entries, job, workers, progress, settle)


def _read_in_pool(
    entries: list[InboxEntry],
    job: _Job,
    workers: int,
    progress: ProgressCallback | None,
    settle: Callable[[], None] = lambda: None,
) -> list[Response]:
    """Read in worker processes, files sent in batches; results are put back in inbox order.

    A worker that dies (killed, out of memory, a crash in C) breaks the whole pool: the files
    not yet read get one more pool, one file per task; what breaks that one too is read one
    file per process, so that only the guilty file is marked.
    """
    results: dict[int, Response] = {}
    batch = max(1, min(32, len(entries) // (workers * 8)))
    every = list(range(len(entries)))
    pending = _pool_pass(entries, every, job, workers, batch, results, progress, settle)
    if pending:
        pending = _pool_pass(entries, pending, job, workers, 1, results, progress, settle)
    for index in pending:
        results[index] = _read_isolated(entries[index], job)
        if progress is not None:
            progress(len(results), len(entries))
    return [results[i] for i in range(len(entries))]


def _pool_pass(
    entries: list[InboxEntry],
    indices: list[int],
    job: _Job,
    workers: int,
    batch: int,
    results: dict[int, Response],
    progress: ProgressCallback | None,
    settle: Callable[[], None],
) -> list[int]:
    """Read ``indices`` in one pool, ``batch`` files per task; return those lost to a crash."""
    broken: list[int] = []
    batches = [indices[i : i + batch] for i in range(0, len(indices), batch)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(job.read_many, [entries[i] for i in b]): b for b in batches}
        for future in as_completed(futures):
            chosen = futures[future]
            try:
                results.update(zip(chosen, future.result(), strict=True))
            except BrokenProcessPool:
                broken.extend(chosen)
                continue
            settle()
            if progress is not None:
                progress(len(results), len(entries))
    return sorted(broken)


def _read_isolated(entry: InboxEntry, job: _Job) -> Response:
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(job, entry).result()
    except BrokenProcessPool as exc:
        detail = f"worker process died: {exc}"
        return _refused(_info_or_blank(entry), "unreadable", "internal_error", job.lang, detail)


# ---------------------------------------------------------------------------- the run


def load_template(path: Path, limits: Limits | None = None, lang: str = "en") -> Template:
    """Read and understand the template; RunError (in ``lang``) when it cannot be used."""
    if not path.is_file():
        raise RunError(i18n.t("error.template_not_found", lang, path=str(path)))
    try:
        template = derive_template(read_docx(path, limits))
    except UnreadableError as exc:
        reason = i18n.reason_text(exc.code, lang, exc.detail)
        raise RunError(
            i18n.t("error.template_unreadable", lang, path=str(path), reason=reason)
        ) from None
    if not template.questions:
        raise RunError(i18n.t("error.template_no_questions", lang, path=str(path)))
    return template


def run(options: RunOptions, progress: ProgressCallback | None = None) -> RunOutcome:
    """Do the whole batch run and write the three outputs. Raises RunError when it cannot.

    While it runs, what the process holds is kept out of the garbage collector's full passes
    (speed.heap.FrozenHeap; not in a threaded host, undone at the end).
    """
    with FrozenHeap() as heap:
        return _run(options, progress, heap)


def _run(options: RunOptions, progress: ProgressCallback | None, heap: FrozenHeap) -> RunOutcome:
    template = load_template(options.template, options.limits, options.lang or "en")
    lang = i18n.pick_language(options.lang, template.language)
    template = _with_optional(template, options.optional, lang)
    if not options.inbox.is_dir():
        raise RunError(i18n.t("error.inbox_not_found", lang, path=str(options.inbox)))
    expected = _load_expected(options.expected, lang)
    entries = list_inbox(options.inbox, exclude=(options.template, options.out))
    convert, run_messages = _conversion(options.convert)
    job = _Job(template, options.limits, lang, sha256_of(options.template), convert)
    responses = _read_all(entries, job, options.jobs, progress, heap.freeze)
    if not any(r.status == "read" for r in responses):
        text = i18n.t("error.nothing_readable", lang, path=str(options.inbox))
        raise RunError(text, tuple(responses))
    responses, not_received, messages = respondents.assign(responses, expected, lang)
    result = RunResult(
        template=template,
        responses=tuple(responses),
        not_received=tuple(not_received) if options.expected else None,
        expected=tuple(expected),
        messages=(*run_messages, *messages),
        language=lang,
        title=options.title,
        run_date=dt.date.today().isoformat(),
    )
    import docxmerge.writers.workbook  # noqa: F401  (pandas, 0.3 s: only imported by a run that writes)

    heap.freeze()  # the responses and pandas stay until the end
    result, outputs = write_outputs(result, options.template, options.out)
    return RunOutcome(result, outputs)


def _with_optional(template: Template, ids: tuple[str, ...], lang: str) -> Template:
    """The template with the --optional questions optional; RunError for an unknown id."""
    try:
        return make_optional(template, ids)
    except KeyError as exc:
        known = ", ".join(q.id for q in template.questions)
        text = i18n.t("error.unknown_question", lang, ids=str(exc.args[0]), known=known)
        raise RunError(text) from None


def _conversion(wanted: bool) -> tuple[bool, list[Message]]:
    """Whether to convert old formats, and a run-level message when it cannot be done here."""
    if not wanted:
        return False, []
    available, reason = conversion_available()
    if available:
        return True, []
    return False, [Message("", "run", "convert_unavailable", reason, (("reason", reason),))]


def _load_expected(path: Path | None, lang: str) -> list[Expected]:
    """The --expected list (CSV or .xlsx); RunError with the reason when it is no such list."""
    if path is None:
        return []
    try:
        expected = expected_from_rows(read_list(path))
    except UnreadableError as exc:
        reason = i18n.reason_text(exc.code, lang, exc.detail)
    else:
        if expected:
            return expected
        reason = i18n.reason_text("list_empty", lang)
    raise RunError(i18n.t("error.expected_unreadable", lang, path=str(path), reason=reason))


def write_outputs(
    result: RunResult, template_path: Path, out: Path
) -> tuple[RunResult, tuple[Path, ...]]:
    """Write the outputs into a staging folder, then move them into ``out`` together.

    Until the last moment the previous outputs stay in place; a failure leaves them untouched and
    a kill can at worst stop between the renames (each file is always whole). What the report
    writer had to change (characters XML cannot hold) and the drafts written without a recipient
    are added to the run's messages before the workbook and answers.json are written, so that
    they list them too.
    """
    from docxmerge.writers.workbook import write_workbook  # pandas takes 0.3 s to import: only here

    names = (REPORT_NAME, WORKBOOK_NAME, JSON_NAME, REMINDERS_NAME)
    targets = tuple(out / name for name in names)
    try:
        out.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(out)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        try:
            notes = write_report(result, template_path, staging / REPORT_NAME)
            notes += write_reminders(result, staging / REMINDERS_NAME)
            result = dataclasses.replace(result, messages=(*result.messages, *notes))
            write_workbook(result, staging / WORKBOOK_NAME)
            write_answers_json(result, staging / JSON_NAME)
            for target in targets:
                _put_in_place(staging / target.name, target, staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        reason = str(exc)
        raise RunError(
            i18n.t("error.cannot_write", result.language, path=str(out), reason=reason)
        ) from None
    except UnreadableError as exc:  # the template, opened again for its styles
        reason = i18n.reason_text(exc.code, result.language, exc.detail)
        path = str(template_path)
        raise RunError(
            i18n.t("error.template_unreadable", result.language, path=path, reason=reason)
        ) from None
    return result, targets


def _put_in_place(staged: Path, target: Path, staging: Path) -> None:
    """Move a staged output over ``target``. A folder (reminders/) first moves the previous one
    aside into the staging folder, which is removed with it: no rename replaces a folder that
    holds files."""
    if staged.is_dir() and (target.exists() or target.is_symlink()):
        os.replace(target, staging / f"previous-{target.name}")
    os.replace(staged, target)


def _remove_stale_staging(out: Path) -> None:
    """Staging folders left by a killed run."""
    for leftover in out.glob(STAGING_PREFIX + "*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
