"""The batch run as a library function: inbox -> read -> match -> outputs.

``run(RunOptions(...))`` lists every inbox entry, reads the forms (in parallel processes),
matches them against the template (with several versions of it, against each, and takes the
one each fits: answers.versions), decides who answered and which versions are superseded,
compares every answer with a previous run when given one (answers.previous), and writes
report.docx, completeness.xlsx, answers.json and the reminders. Nothing is printed: progress goes
through a callback and problems travel in the returned ``RunOutcome``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import shlex
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from docxmerge import i18n
from docxmerge.answers import respondents
from docxmerge.answers.attachments import attached_forms
from docxmerge.answers.expected import expected_from_rows
from docxmerge.answers.form import match_form
from docxmerge.answers.optional import make_optional
from docxmerge.answers.previous import compare_rounds
from docxmerge.answers.respondents import check_expected, instant
from docxmerge.answers.template import derive_template, held_answers
from docxmerge.answers.versions import match_versions, to_union, union_of
from docxmerge.docx.convert import conversion_available, convert_to_docx, unavailable_reason
from docxmerge.docx.list_file import read_list
from docxmerge.docx.package import Limits, read_file
from docxmerge.docx.previous_run import read_previous
from docxmerge.docx.reader import read_docx, read_docx_bytes
from docxmerge.docx.template_files import TemplateFolderError, template_date, template_files
from docxmerge.model import (
    Document,
    Expected,
    FileInfo,
    FileStatus,
    FormAnswers,
    Message,
    PreviousRun,
    Response,
    RunResult,
    Template,
    TemplateVersion,
    UnreadableError,
)
from docxmerge.speed.heap import FrozenHeap
from docxmerge.speed.packed import pack_answers
from docxmerge.workers import worker_pool
from docxmerge.writers.answers_json import write_answers_json
from docxmerge.writers.outputs import LOCK_NAME, OutputFolder, OutputProblem
from docxmerge.writers.reminders import REMINDERS_NAME, write_reminders
from docxmerge.writers.report import write_report

REPORT_NAME = "report.docx"
WORKBOOK_NAME = "completeness.xlsx"
JSON_NAME = "answers.json"
OUTPUT_FILES = (REPORT_NAME, WORKBOOK_NAME, JSON_NAME)
OUTPUT_NAMES = (*OUTPUT_FILES, REMINDERS_NAME)  # (REMINDERS_NAME: a folder of drafts)
OWN_PREFIX = ".docxmerge"  # the lock, staging folders (writers.outputs)

ProgressCallback = Callable[[int, int, str], None]  # done, total, what is counted (a label)
ReadCounter = Callable[[int, int], None]  # done, total: the reading loops' own progress
CONVERTIBLE_CODES = frozenset({"legacy_doc", "rtf", "odt"})


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the run: the workers are ended, nothing new was written, the previous
    outputs are as they were. ``str()`` says so in the run's language."""


class RunError(Exception):
    """The run could not be done at all (no template, nothing readable, output not writable).

    ``responses`` holds what was found in the inbox, when the run got that far, so that the
    reasons for each unreadable file can still be shown. The text is in the run's language.
    """

    def __init__(self, text: str, responses: tuple[Response, ...] = (), detail: str = "") -> None:
        super().__init__(text)
        self.responses = responses
        self.detail = detail  # technical detail (the system's error), for --verbose


class RunUsageError(RunError):
    """Options that cannot go together or do not fit the template (--previous naming this
    run's own output folder, --optional with an id the template lacks): a usage error, which
    the command line shows as such (exit status 2). ``key`` names its text in i18n (a
    ``usage.*`` label) and ``params`` fill it; ``str()`` is that text in ``lang``."""

    def __init__(self, key: str, lang: str, **params: str) -> None:
        super().__init__(i18n.t(key, lang, **params))
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class RunOptions:
    inbox: Path
    template: Path  # the blank form, or a folder of its versions
    out: Path
    expected: Path | None = None
    lang: str | None = None  # "sv" / "en"; None: the template's language
    jobs: int | None = None  # None: the number of cores
    title: str | None = None
    limits: Limits = field(default_factory=Limits)
    convert: bool = False  # convert .doc/.rtf/.odt with LibreOffice, cut off from the network
    optional: tuple[str, ...] = ()  # question ids never owed, besides those the template says
    template_has_answers: bool = False  # use a template that holds answers all the same
    templates: tuple[Path, ...] = ()  # more versions of the form (files or folders)
    previous: Path | None = None  # an earlier run's output folder or answers.json
    mark_unchanged: bool = False  # the report marks answers unchanged since --previous
    show_changes: bool = False  # the report shows a changed answer as a word diff


@dataclass(frozen=True, slots=True)
class RunOutcome:
    result: RunResult
    outputs: tuple[Path, ...]  # report, workbook, json, the reminders folder
    templates: tuple[Path, ...] = ()  # the template files read, the newest last

    def count(self, status: FileStatus) -> int:
        return sum(1 for r in self.result.responses if r.status == status)


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """One directory entry of the inbox, before it is read."""

    path: Path
    name: str  # relative to the inbox, "/" separated
    skip_reason: str | None  # code when the entry is not read at all


# ---------------------------------------------------------------------------- inbox


def list_inbox(
    inbox: Path, exclude: Iterable[Path] = (), out: Path | None = None
) -> list[InboxEntry]:
    """Every entry of the inbox, sorted by name; sub-folders are walked, links never followed.

    ``exclude``: files listed as skipped (the template). Our own outputs are never inputs:
    the output folder ``out``, where it lies in the inbox, is listed as skipped and not walked
    (so is a folder holding a docxmerge lock or all three outputs: another round's output
    folder); when ``out`` is the inbox itself, or the inbox holds a lock or all three outputs
    (an earlier run's ``-o INBOX``, this run writing elsewhere), the outputs in it are skipped
    as docxmerge's own, and its lock and staging folders are left out.
    """
    entries: list[InboxEntry] = []
    walk = _Walk({_identity(p) for p in exclude} - {None}, _identity(out) if out else None)
    _walk(inbox, "", walk, entries)
    return sorted(entries, key=lambda e: e.name)


@dataclass(frozen=True, slots=True)
class _Walk:
    excluded: set[tuple[int, int] | None]  # (device, inode) of files not read (the template)
    out: tuple[int, int] | None  # the output folder's


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _walk(folder: Path, prefix: str, walk: _Walk, entries: list[InboxEntry]) -> None:
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        entries.append(InboxEntry(folder, prefix.rstrip("/") or ".", "folder_unreadable"))
        return
    in_out = walk.out is not None and _identity(folder) == walk.out
    in_out = in_out or (not prefix and _holds_outputs(folder))  # the inbox: an earlier -o INBOX
    for child in children:
        name = prefix + child.name
        try:
            info = child.lstat()
        except OSError:
            entries.append(InboxEntry(child, name, "cannot_open"))
            continue
        if in_out and child.name.startswith(OWN_PREFIX):
            continue  # this run's lock and staging folder: not part of the inbox
        reason = "own_output" if in_out and child.name in OUTPUT_NAMES else None
        reason = reason or _skip_reason(child, info, walk)
        if reason == "folder":
            _walk(child, name + "/", walk, entries)
        else:
            entries.append(InboxEntry(child, name, reason))


def _skip_reason(path: Path, info: os.stat_result, walk: _Walk) -> str | None:
    """Why an inbox entry is not read as a form ("folder": walk into it), or None."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return "symlink"
    identity = (info.st_dev, info.st_ino)
    if identity in walk.excluded:
        return "output_folder" if stat.S_ISDIR(mode) else "template_file"
    if stat.S_ISDIR(mode) and (identity == walk.out or _holds_outputs(path)):
        return "output_folder"
    if _is_libreoffice_lock(path.name) and stat.S_ISREG(mode):
        return "libreoffice_lock_file"
    if path.name.startswith("."):
        return "hidden_file"
    if stat.S_ISDIR(mode):
        return "folder"
    if not stat.S_ISREG(mode):
        return "special_file"
    if path.name.startswith("~$"):
        return "lock_file"  # Word's owner file of an open document
    return None


def _is_libreoffice_lock(name: str) -> bool:
    """LibreOffice's lock file of an open document: ".~lock.NAME#" beside NAME, one line
    "user,host,user,date,path;" (a dot name: it would pass for any hidden file)."""
    return name.startswith(".~lock.") and name.endswith("#") and len(name) > len(".~lock.#")


def _holds_outputs(folder: Path) -> bool:
    """A docxmerge output folder: its lock, or all three output files."""
    if os.path.lexists(folder / LOCK_NAME):
        return True
    return all(os.path.lexists(folder / name) for name in OUTPUT_FILES)


def _attachments_worded(responses: Sequence[Response], lang: str) -> list[Response]:
    """A PDF or other file that is no form, sent beside a form read from the same respondent,
    is said to be an attachment to that form: not "ask for the Word file instead"."""
    forms = attached_forms(responses)
    worded: list[Response] = []
    for response in responses:
        form = forms.get(response.file.name)
        if form is not None:
            key = "reason.attachment_pdf" if response.error_code == "pdf" else "reason.attachment"
            params = {"respondent": form.respondent or "", "form": form.file.name}
            response = replace(response, error=i18n.t(key, lang, **params))
        worded.append(response)
    return worded


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
    template_sha: str | frozenset[str] = "",
    convert: bool = False,
    versions: tuple[TemplateVersion, ...] = (),
) -> Response:
    """Read and match one inbox file; never raises (a failure becomes an unreadable Response).

    The file is read once: its sha256 and the document both come from the same bytes. A copy
    of a template (``template_sha``: its hash, or every template's) is a blank form. With
    several ``versions`` (``template`` is then their union), the form is matched against each
    and its answers put under the union's ids (answers.versions).
    """
    if entry.skip_reason is not None:
        return _refused(_info_or_blank(entry), "skipped", entry.skip_reason, lang)
    try:
        data = read_file(entry.path, limits)
    except UnreadableError as exc:  # vanished, not ours to read, too large, not a regular file
        return _refused(_info_or_blank(entry), "unreadable", exc.code, lang, exc.detail)
    info = _info(entry, len(data), hashlib.sha256(data).hexdigest())
    blank = {template_sha} if isinstance(template_sha, str) else template_sha
    if info.sha256 in blank - {""}:
        return _refused(info, "skipped", "blank_form", lang)
    try:
        document = _read_document(entry, data, limits, convert)
        form, used = match_answers(document, template, versions, entry.name)
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
        template=used,
    )


def match_answers(
    document: Document, template: Template, versions: tuple[TemplateVersion, ...], file: str
) -> tuple[FormAnswers, str | None]:
    """The form's answers, and the name of the template version it was filled in on. Only
    with several versions is a form matched more than once (k versions cost k times)."""
    if len(versions) <= 1:
        form = match_form(document, versions[0].template if versions else template, file=file)
        return form, versions[0].name if versions else None
    version, form = match_versions(document, versions, file=file)
    return to_union(form, version, template), version.name


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
        error=i18n.reason_text(code, lang),
        error_detail=detail or None,
    )


@dataclass(frozen=True, slots=True)
class _Job:
    """What every reader process needs besides the entry: sent once per file."""

    template: Template
    limits: Limits
    lang: str
    template_sha: str | frozenset[str]
    convert: bool = False
    versions: tuple[TemplateVersion, ...] = ()

    def __call__(self, entry: InboxEntry) -> Response:
        return read_one(
            entry,
            self.template,
            self.limits,
            self.lang,
            self.template_sha,
            self.convert,
            self.versions,
        )

    def read_many(self, entries: list[InboxEntry]) -> list[Response]:
        """One pool task: the job is sent to the worker once for the whole batch."""
        return [self(entry) for entry in entries]


def _read_all(
    entries: list[InboxEntry],
    job: _Job,
    jobs: int | None,
    progress: ReadCounter | None,
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
    progress: ReadCounter | None,
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
    progress: ReadCounter | None,
    settle: Callable[[], None],
) -> list[int]:
    """Read ``indices`` in one pool, ``batch`` files per task; return those lost to a crash."""
    broken: list[int] = []
    batches = [indices[i : i + batch] for i in range(0, len(indices), batch)]
    with worker_pool(workers) as pool:
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
        with worker_pool(1) as pool:
            return pool.submit(job, entry).result()
    except BrokenProcessPool as exc:
        detail = f"worker process died: {exc}"
        return _refused(_info_or_blank(entry), "unreadable", "internal_error", job.lang, detail)


# ---------------------------------------------------------------------------- the run


@dataclass(frozen=True, slots=True)
class LoadedTemplate:
    """A template understood, and where it already holds answers (a returned form)."""

    template: Template
    held: tuple[str, ...]  # filled field labels and answered question ids (held_answers)
    document: Document | None = None  # as read (its dates and core properties)


def read_template(path: Path, limits: Limits | None = None, lang: str = "en") -> LoadedTemplate:
    """Read and understand the template; RunError (in ``lang``) when it cannot be used."""
    if not path.is_file():
        raise RunError(i18n.t("error.template_not_found", lang, path=str(path)))
    try:
        document = read_docx(path, limits)
    except UnreadableError as exc:
        reason = i18n.reason_text(exc.code, lang)
        raise RunError(
            i18n.t("error.template_unreadable", lang, path=str(path), reason=reason),
            detail=exc.detail,
        ) from None
    template = derive_template(document)
    if not template.questions:
        raise RunError(i18n.t("error.template_no_questions", lang, path=str(path)))
    return LoadedTemplate(template, held_answers(document, template), document)


def load_template(path: Path, limits: Limits | None = None, lang: str = "en") -> Template:
    """Read and understand the template; RunError (in ``lang``) when it cannot be used."""
    return read_template(path, limits, lang).template


@dataclass(frozen=True, slots=True)
class Templates:
    """Every template of a run (one, or several versions of the form), oldest first."""

    union: Template  # their questions, in the newest's order (the one template's own)
    versions: tuple[TemplateVersion, ...]
    paths: tuple[Path, ...]  # the files, in the versions' order: the newest last
    held: tuple[tuple[str, ...], ...]  # per file, where it holds answers (held_answers)


def read_templates(
    paths: Sequence[Path], limits: Limits | None = None, lang: str = "en"
) -> Templates:
    """Read every template file ``paths`` name (a folder: each template in it), oldest first by
    their dates (template_files.template_date), and make their union; RunError (in ``lang``)
    when one cannot be used or a folder holds none."""
    try:
        files = template_files(paths)
    except TemplateFolderError as exc:  # named by the folder that failed, not the first given
        if exc.code == "no_templates":
            raise RunError(i18n.t("error.no_templates", lang, path=str(exc.folder))) from None
        reason = i18n.reason_text(exc.code, lang)
        text = i18n.t("error.template_unreadable", lang, path=str(exc.folder), reason=reason)
        raise RunError(text, detail=exc.detail) from None
    loaded = [(path, read_template(path, limits, lang)) for path in files]
    names = [path.name for path in files]
    versions = []
    for path, one in loaded:
        assert one.document is not None
        date, dated_by = template_date(path, one.document)
        name = path.name if names.count(path.name) == 1 else str(path)
        kept = one.document.properties  # a form saved from it keeps its title and created date
        versions.append(
            TemplateVersion(
                name, one.template, date, dated_by, core_title=kept.title, created=kept.created
            )
        )
    order = sorted(range(len(files)), key=lambda n: (instant(versions[n].date) or _EPOCH, n))
    union, mapped = union_of([versions[n] for n in order])
    return Templates(
        union, mapped, tuple(files[n] for n in order), tuple(loaded[n][1].held for n in order)
    )


_EPOCH = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def held_list(held: tuple[str, ...], shown: int = 5) -> str:
    """ "Nämnd, Telefon, 1.1, 1.2, 2.1 …": where a template holds answers, for a message."""
    return ", ".join(held[:shown]) + (" …" if len(held) > shown else "")


def _blank_template(options: RunOptions, loaded: Templates, lang: str) -> list[Message]:
    """Refuse a template that holds answers, unless the user insists (then a note says so)."""
    notes = []
    for path, held in zip(loaded.paths, loaded.held, strict=True):
        if not held:
            continue
        found = held_list(held)
        if not options.template_has_answers:
            text = i18n.t("error.template_has_answers", lang, path=str(path), found=found)
            raise RunError(text)
        text = (
            f"The template already holds answers ({found}): used as asked (--template-has-answers)"
        )
        notes.append(Message(path.name, "run", "template_has_answers", text, (("found", found),)))
    return notes


def _versions_note(loaded: Templates) -> list[Message]:
    """With several templates, a run note naming them and the newest (whose order is used)."""
    if len(loaded.versions) < 2:
        return []
    newest = loaded.versions[-1]
    return [
        i18n.make_message(
            newest.name,
            "run",
            "several_templates",
            count=str(len(loaded.versions)),
            names=", ".join(v.name for v in loaded.versions),
            newest=newest.name,
            date=(newest.date or "")[:10],
        )
    ]


def run(options: RunOptions, progress: ProgressCallback | None = None) -> RunOutcome:
    """Do the whole batch run and write the outputs. Raises RunError when it cannot,
    RunInterrupted on Ctrl-C (both in the run's language).

    ``progress(done, total, label)`` is called as files are read; ``label`` says what is
    counted ("Läser formulär"). While it runs, what the process holds is kept out of the
    garbage collector's full passes (speed.heap.FrozenHeap; not in a threaded host, undone at
    the end).
    """
    report = _Progress(progress, i18n.pick_language(options.lang, None))
    try:
        with FrozenHeap() as heap:
            return _run(options, report, heap)
    except KeyboardInterrupt:
        text = i18n.t("interrupted", report.lang, path=str(options.out))
        raise RunInterrupted(text) from None


@dataclass(slots=True)
class _Progress:
    """The caller's progress callback, and the run's language once it is known."""

    callback: ProgressCallback | None
    lang: str

    def __call__(self, done: int, total: int) -> None:
        if self.callback is not None:
            self.callback(done, total, i18n.t("progress.reading", self.lang))


def _run(options: RunOptions, report: _Progress, heap: FrozenHeap) -> RunOutcome:
    _check_previous(options, report.lang)
    loaded, lang = _inputs(options)
    report.lang = lang
    notes = [*_blank_template(options, loaded, lang), *_versions_note(loaded)]
    template = _with_optional(options, loaded.union, lang)
    expected, list_notes = _load_expected(options.expected, lang)
    previous = _load_previous(options, lang)
    convert, convert_notes = _conversion(options.convert, lang)
    with OutputFolder(options.out, OUTPUT_FILES, folders=(REMINDERS_NAME,)) as folder:
        try:  # before any form is read: the folder can be written, no other run, nothing open
            folder_notes = folder.open()
        except OutputProblem as problem:
            raise _folder_error(problem, lang) from None
        entries = list_inbox(options.inbox, exclude=loaded.paths, out=options.out)
        job = _Job(template, options.limits, lang, _blank_forms(loaded), convert, loaded.versions)
        responses = _read_all(entries, job, options.jobs, report, heap.freeze)
        if not any(r.status == "read" for r in responses):
            text = i18n.t("error.nothing_readable", lang, path=str(options.inbox))
            raise RunError(text, tuple(responses))
        responses, not_received, messages = respondents.assign(responses, expected, lang)
        responses = _attachments_worded(responses, lang)
        notes += [*folder_notes, *_output_in_inbox(options), *convert_notes, *list_notes]
        result = RunResult(
            template=template,
            responses=tuple(responses),
            not_received=tuple(not_received) if options.expected else None,
            expected=tuple(expected),
            messages=(*notes, *messages),
            language=lang,
            title=options.title,
            run_date=dt.date.today().isoformat(),
            templates=loaded.versions,
            mark_unchanged=options.mark_unchanged,
        )
        result = _compared(result, previous, options.show_changes)
        import docxmerge.writers.workbook  # noqa: F401  (pandas, 0.3 s: only imported by a run that writes)

        heap.freeze()  # the responses and pandas stay until the end
        result, outputs = write_outputs(result, loaded.paths[-1], folder)
    return RunOutcome(result, outputs, loaded.paths)


def _blank_forms(loaded: Templates) -> frozenset[str]:
    """The hashes of the templates that hold no answers: a byte copy of one is no form."""
    return frozenset(
        sha256_of(path) for path, held in zip(loaded.paths, loaded.held, strict=True) if not held
    )


def _compared(result: RunResult, previous: PreviousRun | None, differences: bool) -> RunResult:
    """The result with every current answer compared with the previous run (when given)."""
    if previous is None:
        return result
    responses, info = compare_rounds(
        result.responses,
        result.template,
        result.templates,
        previous,
        result.expected,
        result.not_received or (),
        with_difference=differences,
    )
    messages = (*result.messages, *info.messages)
    return replace(result, responses=tuple(responses), previous=info, messages=messages)


def _check_previous(options: RunOptions, lang: str) -> None:
    """RunUsageError, before anything is read, when --previous names this run's output folder
    or its answers.json: the run would compare with what it is about to overwrite (and, with
    the previous outputs overwritten, the next round could not compare with them)."""
    previous, out = options.previous, options.out
    if previous is None:
        return
    if _same_place(previous, out) or _same_place(previous, out / JSON_NAME):
        raise RunUsageError("usage.previous_is_out", lang, previous=str(previous), out=str(out))


def _same_place(one: Path, other: Path) -> bool:
    """The same file or folder (through links, "./output" or an absolute path), whether or
    not it exists yet."""
    try:
        return os.path.samefile(one, other)
    except OSError:  # one of them does not exist (yet)
        return one.resolve() == other.resolve()


def _load_previous(options: RunOptions, lang: str) -> PreviousRun | None:
    """The --previous run; RunError (in ``lang``) when it is none or cannot be read."""
    if options.previous is None:
        return None
    try:
        return read_previous(options.previous, options.limits.max_file_bytes)
    except UnreadableError as exc:
        reason = i18n.reason_text(exc.code, lang)
        text = i18n.t("error.previous_unreadable", lang, path=str(options.previous), reason=reason)
        raise RunError(text, detail=exc.detail) from None


def _inputs(options: RunOptions) -> tuple[Templates, str]:
    """The templates understood and the run's language (``--lang``, else the newest template's,
    else the environment's). A missing inbox is named before a template missing beside it: a
    mistyped inbox path is what the clerk must hear about."""
    early = i18n.pick_language(options.lang, None)
    try:
        paths = (options.template, *options.templates)
        loaded: Templates | None = read_templates(paths, options.limits, early)
        failure = None
    except RunError as problem:
        loaded, failure = None, problem
    lang = i18n.pick_language(options.lang, loaded.union.language if loaded else None)
    if not options.inbox.is_dir():
        key = "error.inbox_is_file" if options.inbox.exists() else "error.inbox_not_found"
        raise RunError(i18n.t(key, lang, path=str(options.inbox)))
    if loaded is None:
        assert failure is not None
        raise failure
    return loaded, lang


def _output_in_inbox(options: RunOptions) -> list[Message]:
    """A note when the output folder is the inbox (its outputs are not read: list_inbox, now
    and in later runs) or lies in it (not read as forms)."""
    inbox, out = options.inbox.resolve(), options.out.resolve()
    params = (("path", str(options.out)),)
    if out == inbox:
        return [
            i18n.make_message(str(options.out), "run", "output_is_inbox", path=str(options.out))
        ]
    if inbox not in out.parents:
        return []
    text = f"The output folder {options.out} is inside the inbox: it is not read as forms"
    return [Message(str(options.out), "run", "output_in_inbox", text, params)]


def _folder_error(problem: OutputProblem, lang: str) -> RunError:
    """An output folder problem as the clerk reads it (the system's error as detail)."""
    params = dict(problem.params)
    if problem.error is not None:
        params["reason"] = i18n.os_reason(problem.error, lang)
    if params.get("started") == "?":  # a lock being written this instant
        params["started"] = i18n.t("time.unknown", lang)
    detail = str(problem.error) if problem.error is not None else ""
    return RunError(i18n.t(f"error.{problem.code}", lang, **params), detail=detail)


SHOWN_IDS = 30  # an unknown --optional names this many of the template's ids, then "…"


def _with_optional(options: RunOptions, template: Template, lang: str) -> Template:
    """The template with the --optional questions optional; RunUsageError naming an unknown
    id, the template's ids and the command that lists its questions."""
    try:
        return make_optional(template, options.optional)
    except KeyError as exc:
        ids = [q.id for q in template.questions]
        known = ", ".join(ids[:SHOWN_IDS]) + (" …" if len(ids) > SHOWN_IDS else "")
        paths = shlex.join(str(p) for p in (options.template, *options.templates))
        params = {"ids": str(exc.args[0]), "known": known, "templates": paths}
        raise RunUsageError("usage.unknown_question", lang, **params) from None


def _conversion(wanted: bool, lang: str) -> tuple[bool, list[Message]]:
    """Whether to convert old formats, and a run-level message when it cannot be done here
    (its reason in the run's language; the English text says it in full)."""
    if not wanted:
        return False, []
    available, text = conversion_available()
    why = unavailable_reason()
    if available or why is None:
        return True, []
    reason = i18n.t(f"convert.{why}", lang)
    return False, [Message("", "run", "convert_unavailable", text, (("reason", reason),))]


def _load_expected(path: Path | None, lang: str) -> tuple[list[Expected], list[Message]]:
    """The --expected list (CSV or .xlsx), repeated entries merged, with warnings for those and
    for a list with no name (then run as without a list); RunError when it is no such list."""
    if path is None:
        return [], []
    try:
        entries = expected_from_rows(read_list(path))
    except UnreadableError as exc:
        if exc.code == "list_not_found":
            raise RunError(i18n.t("error.expected_not_found", lang, path=str(path))) from None
        if exc.code != "empty_file":  # an empty file: a list with no name, said as such
            reason = i18n.reason_text(exc.code, lang)
            text = i18n.t("error.expected_unreadable", lang, path=str(path), reason=reason)
            raise RunError(text, detail=exc.detail) from None
        entries = []
    return check_expected(entries, path.name)


def write_outputs(
    result: RunResult, template_path: Path, folder: OutputFolder
) -> tuple[RunResult, tuple[Path, ...]]:
    """Write the outputs into a staging folder, then move them into ``folder`` together.

    Until the last moment the previous outputs stay in place; any failure leaves them as they
    were (writers.outputs). What the report writer had to change (characters XML cannot hold)
    and the drafts written without a recipient are added to the run's messages before the
    workbook and answers.json are written, so that they list them too.
    """
    from docxmerge.writers.workbook import write_workbook  # pandas takes 0.3 s to import: only here

    written = [result]

    def write(staging: Path) -> None:
        notes = write_report(result, template_path, staging / REPORT_NAME)
        notes += write_reminders(result, staging / REMINDERS_NAME)
        written[0] = dataclasses.replace(result, messages=(*result.messages, *notes))
        write_workbook(written[0], staging / WORKBOOK_NAME)
        write_answers_json(written[0], staging / JSON_NAME)

    try:
        folder.publish(write)
    except OutputProblem as problem:
        raise _folder_error(problem, result.language) from None
    except UnreadableError as exc:  # the template, opened again for its styles
        reason = i18n.reason_text(exc.code, result.language)
        path = str(template_path)
        raise RunError(
            i18n.t("error.template_unreadable", result.language, path=path, reason=reason),
            detail=exc.detail,
        ) from None
    return written[0], tuple(folder.out / name for name in OUTPUT_NAMES)
