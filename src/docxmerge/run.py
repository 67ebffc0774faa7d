"""The batch run as a library function: inbox -> read -> match -> outputs.

``run(RunOptions(...))`` lists every inbox entry, reads the forms (in parallel processes),
matches them against the template, decides who answered and which versions are superseded,
and writes report.docx, completeness.xlsx and answers.json. Nothing is printed: progress goes
through a callback and problems travel in the returned ``RunOutcome``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from docxmerge import i18n, respondents
from docxmerge.jsonout import write_answers_json
from docxmerge.match import match_form
from docxmerge.model import (
    FileInfo,
    FileStatus,
    Response,
    RunResult,
    Template,
    UnreadableError,
)
from docxmerge.package import Limits
from docxmerge.reader import read_docx
from docxmerge.report import write_report
from docxmerge.respondents import Expected, parse_expected_csv
from docxmerge.template import derive_template
from docxmerge.workbook import write_workbook

REPORT_NAME = "report.docx"
WORKBOOK_NAME = "completeness.xlsx"
JSON_NAME = "answers.json"

ProgressCallback = Callable[[int, int], None]


class RunError(Exception):
    """The run could not be done at all (no template, nothing readable, output not writable)."""


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


@dataclass(frozen=True, slots=True)
class RunOutcome:
    result: RunResult
    outputs: tuple[Path, ...]  # report, workbook, json

    def count(self, status: FileStatus) -> int:
        return sum(1 for r in self.result.responses if r.status == status)


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """One directory entry of the inbox, before it is read."""

    path: Path
    name: str  # relative to the inbox, "/" separated
    skip_reason: str | None  # code when the entry is not read at all


# ---------------------------------------------------------------------------- inbox


def list_inbox(inbox: Path) -> list[InboxEntry]:
    """Every entry of the inbox, sorted by name; sub-folders are walked, links never followed."""
    entries: list[InboxEntry] = []
    _walk(inbox, "", entries)
    return sorted(entries, key=lambda e: e.name)


def _walk(folder: Path, prefix: str, entries: list[InboxEntry]) -> None:
    for child in sorted(folder.iterdir(), key=lambda p: p.name):
        name = prefix + child.name
        mode = child.lstat().st_mode
        if stat.S_ISLNK(mode):
            entries.append(InboxEntry(child, name, "symlink"))
        elif child.name.startswith("."):
            entries.append(InboxEntry(child, name, "hidden_file"))
        elif stat.S_ISDIR(mode):
            _walk(child, name + "/", entries)
        elif not stat.S_ISREG(mode):
            entries.append(InboxEntry(child, name, "special_file"))
        elif child.name.startswith("~$"):
            entries.append(InboxEntry(child, name, "lock_file"))  # Word's owner file of an open doc
        else:
            entries.append(InboxEntry(child, name, None))


def file_info(entry: InboxEntry) -> FileInfo:
    """Size, modification time and sha256 of a regular file (links are not followed)."""
    info = entry.path.lstat()
    modified = dt.datetime.fromtimestamp(info.st_mtime, tz=dt.UTC).isoformat(timespec="seconds")
    digest = ""
    if stat.S_ISREG(info.st_mode):
        digest = _sha256(entry.path)
    return FileInfo(entry.name, info.st_size, modified, digest)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------- one file


def read_one(entry: InboxEntry, template: Template, limits: Limits, lang: str) -> Response:
    """Read and match one inbox file; never raises (a failure becomes an unreadable Response)."""
    info = file_info(entry)
    if entry.skip_reason is not None:
        return _refused(info, "skipped", entry.skip_reason, lang)
    try:
        document = read_docx(entry.path, limits)
        form = match_form(document, template, file=entry.name)
    except UnreadableError as exc:
        return _refused(info, "unreadable", exc.code, lang, exc.detail)
    except Exception as exc:  # one bad file must never cost the run
        detail = f"{type(exc).__name__}: {exc}"
        return _refused(info, "unreadable", "internal_error", lang, detail)
    return Response(
        file=info,
        status="read",
        respondent=form.respondent,
        fields=form.fields,
        answers=form.answers,
        messages=document.messages + form.messages,
        document_modified=document.properties.modified,
    )


def _refused(
    info: FileInfo, status: FileStatus, code: str, lang: str, detail: str = ""
) -> Response:
    return Response(
        file=info,
        status=status,
        error_code=code,
        error=i18n.reason_text(code, lang, detail),
    )


def _read_all(
    entries: list[InboxEntry],
    template: Template,
    options: RunOptions,
    lang: str,
    progress: ProgressCallback | None,
) -> list[Response]:
    if progress is not None:
        progress(0, len(entries))
    jobs = options.jobs or os.cpu_count() or 1
    jobs = max(1, min(jobs, len(entries)))
    if jobs == 1:
        serial = _read_serially(entries, template, options, lang)
        return list(_report_progress(serial, progress, len(entries)))
    return _read_in_pool(entries, template, options, lang, jobs, progress)


def _read_serially(
    entries: list[InboxEntry], template: Template, options: RunOptions, lang: str
) -> Iterator[Response]:
    for entry in entries:
        yield read_one(entry, template, options.limits, lang)


def _report_progress(
    responses: Iterator[Response], progress: ProgressCallback | None, total: int
) -> Iterator[Response]:
    for done, response in enumerate(responses, start=1):
        if progress is not None:
            progress(done, total)
        yield response


def _read_in_pool(
    entries: list[InboxEntry],
    template: Template,
    options: RunOptions,
    lang: str,
    jobs: int,
    progress: ProgressCallback | None,
) -> list[Response]:
    """Read in worker processes; results come back in inbox order whatever finishes first."""
    results: list[Response | None] = [None] * len(entries)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures: list[Future[Response]] = [
            pool.submit(read_one, entry, template, options.limits, lang) for entry in entries
        ]
        for done, (index, future) in enumerate(enumerate(futures), start=1):
            results[index] = _collect(future, entries[index], template, options, lang)
            if progress is not None:
                progress(done, len(entries))
    return [r for r in results if r is not None]


def _collect(
    future: Future[Response],
    entry: InboxEntry,
    template: Template,
    options: RunOptions,
    lang: str,
) -> Response:
    try:
        return future.result()
    except BrokenProcessPool:
        # A worker died (killed, out of memory, crashed in C): retry this file alone so that
        # only the guilty file is marked, in a one-off process.
        return _read_isolated(entry, template, options, lang)


def _read_isolated(
    entry: InboxEntry, template: Template, options: RunOptions, lang: str
) -> Response:
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(read_one, entry, template, options.limits, lang).result()
    except BrokenProcessPool as exc:
        detail = f"worker process died: {exc}"
        return _refused(file_info(entry), "unreadable", "internal_error", lang, detail)


# ---------------------------------------------------------------------------- the run


def load_template(path: Path, limits: Limits | None = None) -> Template:
    """Read and understand the template; RunError when it cannot be used."""
    if not path.is_file():
        raise RunError(f"template not found: {path}")
    try:
        template = derive_template(read_docx(path, limits))
    except UnreadableError as exc:
        raise RunError(f"template {path}: {i18n.reason_text(exc.code, 'en', exc.detail)}") from None
    if not template.questions:
        raise RunError(f"template {path}: no questions found")
    return template


def run(options: RunOptions, progress: ProgressCallback | None = None) -> RunOutcome:
    """Do the whole batch run and write the three outputs. Raises RunError when it cannot."""
    template = load_template(options.template, options.limits)
    lang = i18n.pick_language(options.lang, template.language)
    if not options.inbox.is_dir():
        raise RunError(f"inbox folder not found: {options.inbox}")
    expected = _load_expected(options.expected)
    entries = list_inbox(options.inbox)
    responses = _read_all(entries, template, options, lang, progress)
    if not any(r.status == "read" for r in responses):
        raise RunError(f"no readable Word form in {options.inbox}")
    responses, not_received, messages = respondents.assign(responses, expected, lang)
    result = RunResult(
        template=template,
        responses=tuple(responses),
        not_received=tuple(not_received),
        messages=tuple(messages),
        language=lang,
        title=options.title,
        run_date=dt.date.today().isoformat(),
    )
    outputs = write_outputs(result, options.template, options.out)
    return RunOutcome(result, outputs)


def _load_expected(path: Path | None) -> list[Expected]:
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RunError(f"cannot read the expected list {path}: {exc}") from None
    return list(parse_expected_csv(text))


def write_outputs(result: RunResult, template_path: Path, out: Path) -> tuple[Path, ...]:
    """Write the three outputs atomically; the previous ones stay until each new one is whole."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        report, workbook, answers = out / REPORT_NAME, out / WORKBOOK_NAME, out / JSON_NAME
        write_report(result, template_path, report)
        write_workbook(result, workbook)
        write_answers_json(result, answers)
    except OSError as exc:
        raise RunError(f"cannot write to {out}: {exc}") from None
    return report, workbook, answers
