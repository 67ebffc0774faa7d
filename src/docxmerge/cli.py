"""The ``docxmerge`` command: a thin click layer over the library.

stdout carries only what a command is asked to print (inspect/questions output); progress,
warnings and the run summary go to stderr. Exit status: 0 the run completed, 1 it could not run
(or --strict found problems), 2 usage errors (click's own).
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Any

import click

from docxmerge import __version__, i18n
from docxmerge.answers import tally
from docxmerge.docx.package import MIB, Limits
from docxmerge.model import UnreadableError
from docxmerge.run import RunError, RunOptions, RunOutcome, load_template, run
from docxmerge.speed.quick_exit import run_then_exit

DEFAULT_INBOX = Path("fixtures/inbox")
DEFAULT_TEMPLATE = Path("fixtures/template.docx")
DEFAULT_OUT = Path("output")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docxmerge")
def main() -> None:
    """Merge a folder of filled-in Word forms into one report, a workbook and JSON."""


@main.command("run")
@click.argument("inbox", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--template",
    "-t",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The blank form (.docx). Default: fixtures/template.docx, or template.docx next to "
    "(or in) INBOX.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder for the three outputs.",
)
@click.option(
    "--expected",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The respondents you expect, as CSV or .xlsx: a name per row, optional columns "
    "for aliases, e-mail, contact person and phone.",
)
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    help="Language of labels and messages. Default: the template's language.",
)
@click.option(
    "--title", help='The round, shown on the report\'s title page, e.g. "Tertial 2 2026".'
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Parallel readers. Default: cores.")
@click.option(
    "--max-file-mb",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    help="Refuse input files larger than this.",
)
@click.option(
    "--max-xml-mb",
    type=click.IntRange(min=1),
    default=160,
    show_default=True,
    help="Refuse a file whose XML inflates past this (all parts together).",
)
@click.option(
    "--huge-xml",
    is_flag=True,
    help="Lift libxml2's limits (256 levels of nesting, 10 MB in one text) for a file that "
    "really needs it.",
)
@click.option(
    "--convert",
    is_flag=True,
    help="Convert .doc, .rtf and .odt files with LibreOffice (when installed), cut off from the "
    "network.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when a file is unreadable, a question is unanswered or an expected respondent "
    "sent nothing.",
)
@click.option(
    "--optional",
    "optional",
    multiple=True,
    metavar="ID",
    help="A question (by id, e.g. 4.1) that is never owed; repeat for more. Questions the "
    'template marks optional, or plainly optional ("Övriga upplysningar"), already are.',
)
@click.option("--quiet", "-q", is_flag=True, help="Nothing on stderr but errors.")
def run_command(
    inbox: Path | None,
    template: Path | None,
    out: Path,
    expected: Path | None,
    lang: str | None,
    title: str | None,
    jobs: int | None,
    max_file_mb: int,
    max_xml_mb: int,
    huge_xml: bool,
    convert: bool,
    strict: bool,
    optional: tuple[str, ...],
    quiet: bool,
) -> None:
    """Read every form in INBOX (default: fixtures/inbox) and write the merged outputs."""
    inbox, template = _resolve_inputs(inbox, template)
    limits = Limits(
        max_file_bytes=max_file_mb * MIB,
        max_part_bytes=max(max_file_mb, max_xml_mb) * MIB,
        max_xml_bytes=max_xml_mb * MIB,
        huge_xml=huge_xml,
    )
    options = RunOptions(
        inbox, template, out, expected, lang, jobs, title, limits, convert, optional=optional
    )
    try:
        outcome = _run_with_progress(options, quiet)
    except RunError as exc:
        for response in exc.responses:
            if response.error:
                click.echo(f"{response.file.name}: {response.error}", err=True)
        click.echo(f"docxmerge: {exc}", err=True)
        sys.exit(1)
    if not quiet:
        _print_summary(outcome)
    if strict:
        problems = _strict_problems(outcome)
        if any(problems.values()):
            lang = outcome.result.language
            counts = {key: str(value) for key, value in problems.items()}
            click.echo(i18n.t("strict", lang, **counts), err=True)
            sys.exit(1)


def _resolve_inputs(inbox: Path | None, template: Path | None) -> tuple[Path, Path]:
    """INBOX defaults to the shipped fixtures; the template to template.docx beside or in INBOX."""
    if inbox is None:
        if not DEFAULT_INBOX.is_dir():
            raise click.UsageError(
                f"no INBOX given and no {DEFAULT_INBOX} here: docxmerge run INBOX --template FILE"
            )
        return DEFAULT_INBOX, template or DEFAULT_TEMPLATE
    if template is None:
        beside, inside = inbox.parent / "template.docx", inbox / "template.docx"
        template = inside if inside.is_file() and not beside.is_file() else beside
    return inbox, template


def _run_with_progress(options: RunOptions, quiet: bool) -> RunOutcome:
    if quiet or not sys.stderr.isatty():  # a log file gets the summary, not a bar
        return run(options)
    with contextlib.ExitStack() as stack:
        bars: list[Any] = []

        def progress(done: int, total: int) -> None:
            if not bars:  # the total is known only once the inbox has been listed
                bar = click.progressbar(length=total, show_pos=True, file=sys.stderr)
                bars.append(stack.enter_context(bar))
            bars[0].update(done - bars[0].pos)

        return run(options, progress)


def _print_summary(outcome: RunOutcome) -> None:
    result = outcome.result
    lang = result.language
    for response in result.responses:
        for message in response.messages:
            click.echo(f"{response.file.name}: {i18n.message_text(message, lang)}", err=True)
        if response.status == "unreadable":
            click.echo(f"{response.file.name}: {response.error}", err=True)
    for message in result.messages:
        click.echo(f"{message.file}: {i18n.message_text(message, lang)}", err=True)
    answered, unanswered = tally.answer_totals(result)
    respondents = len(tally.current_responses(result))
    click.echo(
        i18n.t(
            "summary",
            lang,
            read=str(outcome.count("read")),
            skipped=str(outcome.count("skipped")),
            unreadable=str(outcome.count("unreadable")),
            superseded=str(outcome.count("superseded")),
            respondents=str(respondents),
            answered=str(answered),
            unanswered=str(unanswered),
        ),
        err=True,
    )
    if result.not_received:
        names = ", ".join(result.not_received)
        click.echo(i18n.t("summary.not_received", lang, names=names), err=True)
    for path in outcome.outputs:
        click.echo(f"  {path}", err=True)


def _strict_problems(outcome: RunOutcome) -> dict[str, int]:
    """--strict: unreadable files, questions owed (optional ones never are), expected
    respondents with no file, and blank forms sent back."""
    absent = tally.absent_respondents(outcome.result)
    return {
        "unreadable": outcome.count("unreadable"),
        "unanswered": tally.owed_total(outcome.result),
        "not_received": len(outcome.result.not_received or ()),
        "blank": sum(1 for a in absent if a.status == tally.BLANK_FORM),
    }


@main.command("inspect")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--template",
    "-t",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Also match the form against this template and show each answer.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def inspect_command(file: Path, template: Path | None, as_json: bool) -> None:
    """Show what the reader sees in FILE, block by block (and, with --template, the answers)."""
    from docxmerge import explain
    from docxmerge.answers.form import match_form
    from docxmerge.docx.reader import read_docx

    try:
        document = read_docx(file)
    except UnreadableError as exc:
        click.echo(f"docxmerge: {file}: {i18n.reason_text(exc.code, 'en', exc.detail)}", err=True)
        sys.exit(1)
    form = None
    if template is not None:
        try:
            form = match_form(document, load_template(template), file=file.name)
        except RunError as exc:
            click.echo(f"docxmerge: {exc}", err=True)
            sys.exit(1)
    if as_json:
        data = {"document": explain.document_json(document)}
        if form is not None:
            data["answers"] = explain.answers_json(form)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in explain.document_lines(document):
        click.echo(line)
    if form is not None:
        click.echo("")
        for line in explain.answer_lines(form, i18n.pick_language(None, document.language)):
            click.echo(line)


@main.command("questions")
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def questions_command(template: Path, as_json: bool) -> None:
    """List what was understood from TEMPLATE: fields, sections and questions."""
    from docxmerge.answers.template import template_rows

    try:
        parsed = load_template(template)
    except RunError as exc:
        click.echo(f"docxmerge: {exc}", err=True)
        sys.exit(1)
    rows = template_rows(parsed)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(f"{parsed.title}")
    for spec in parsed.fields:
        click.echo(f"  field  {spec.label}")
    for row in rows:
        optional = " (optional)" if row["optional"] else ""
        click.echo(
            f"  {row['id']:<5} [{_slot_words(row)}]{optional} {row['section']} / {row['text']}"
        )
        options = row["options"]
        if isinstance(options, list) and options:
            several = " (several)" if row["multiple"] else ""
            click.echo(f"        options{several}: {' | '.join(map(str, options))}")


def _slot_words(row: dict[str, object]) -> str:
    """ "control", "legacy_field, choice", "cell, date": the slot, and the kind unless text."""
    return str(row["slot"]) + ("" if row["kind"] == "text" else f", {row['kind']}")


def entry() -> None:
    """The console script (and ``python -m docxmerge``): run the command, then end the process
    without interpreter teardown (:mod:`docxmerge.speed.quick_exit`)."""
    run_then_exit(main)
