"""The ``docxmerge`` command: a thin click layer over the library.

stdout carries only what a command is asked to print (inspect/questions output); progress,
warnings and the run summary go to stderr, all through :mod:`docxmerge.console` (safe to print,
in the run's language, click's usage errors too). Exit status: 0 the run completed, 1 it could
not run (or --strict found problems), 2 usage errors, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from docxmerge import __version__, console, i18n
from docxmerge.answers import tally
from docxmerge.docx.package import MIB, Limits
from docxmerge.model import Document, FormAnswers, Template, TemplateVersion, UnreadableError
from docxmerge.run import (
    RunError,
    RunInterrupted,
    RunOptions,
    RunOutcome,
    RunUsageError,
    Templates,
    held_list,
    match_answers,
    read_template,
    read_templates,
    run,
)
from docxmerge.speed.quick_exit import run_then_exit

DEFAULT_INBOX = Path("fixtures/inbox")
DEFAULT_TEMPLATE = Path("fixtures/template.docx")
DEFAULT_OUT = Path("output")
TEMPLATE_NAME = "template.docx"  # looked for beside (or in) INBOX
RUN_EXAMPLES = """Examples:

\b
  docxmerge run tertial2/inbox --out tertial2/result --title "Tertial 2 2026"
  docxmerge run inbox --template blank.docx --expected nämnder.csv --lang en
  docxmerge run t3/inbox -t t3/mall_v1.docx -t t3/mall_v2.docx --previous t2/result
  docxmerge run t3/inbox --template t3/templates --previous t2/result --show-changes
  docxmerge run inbox --strict --quiet      (for scripts: exit 1 on any problem)
  docxmerge run                             (the shipped examples in fixtures/inbox)"""


class _InContext(click.Command):
    """A command whose every parse error carries its context, so that it is shown with the
    command's usage line (click raises BadOptionUsage, "--out" given no value or "--strict=ja",
    without one: only the error line was shown, unlike every other usage error)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            _option_as_value(self, args)
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            error.ctx = error.ctx or ctx
            raise


def _option_as_value(command: click.Command, args: list[str]) -> None:
    """BadOptionUsage for an option whose value is another of the command's options
    ("--out --quiet"): click would take "--quiet" as the folder's name and go on quietly.
    A folder really named so is given as "./--quiet"."""
    options = [p for p in command.params if isinstance(p, click.Option)]
    names = {name for p in options for name in (*p.opts, *p.secondary_opts)}
    valued = {name for p in options if not p.is_flag and not p.count for name in p.opts}
    for option, value in itertools.pairwise(args):
        if option == "--":
            return
        if option in valued and value in names:
            raise click.BadOptionUsage(option, f"Option '{option}' requires an argument.")


class _Docxmerge(_InContext, click.Group):
    """click's group, with usage errors and Ctrl-C worded in the run's language."""

    command_class = _InContext

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(argv, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as shown:
            shown.show()
            sys.exit(shown.exit_code)
        except click.UsageError as error:
            lang = console.usage_language(argv, DEFAULT_TEMPLATE, TEMPLATE_NAME)
            console.show_usage_error(error, lang)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:  # Ctrl-C outside a run (a run says more: run_command)
            lang = console.usage_language(argv, DEFAULT_TEMPLATE, TEMPLATE_NAME)
            console.say("\ndocxmerge: " + i18n.t("interrupted.plain", lang), err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(
    cls=_Docxmerge,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""Examples:

\b
  docxmerge questions tertial2/template.docx
  docxmerge run tertial2/inbox --out tertial2/result --title "Tertial 2 2026"
  docxmerge inspect "tertial2/inbox/Farsta SDN.docx" --template tertial2/template.docx
  docxmerge help run""",
)
@click.version_option(__version__, prog_name="docxmerge")
def main() -> None:
    """Merge a folder of filled-in Word forms into one report, a workbook and JSON."""
    for stream in (sys.stdout, sys.stderr):  # whatever a file holds, printing never fails
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]


@main.command("run", epilog=RUN_EXAMPLES)
@click.argument("inbox", required=False, type=click.Path(path_type=Path))
@click.option(
    "--template",
    "-t",
    "templates",
    multiple=True,
    type=click.Path(path_type=Path),
    help="The blank form (.docx), or a folder of its versions. Repeat it for several versions "
    "of the form: each returned form is assigned to the one it was filled in on. Default: "
    "fixtures/template.docx, or template.docx next to (or in) INBOX, else the folder "
    "templates/ next to INBOX.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder for the outputs.",
)
@click.option(
    "--expected",
    type=click.Path(path_type=Path),
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
@click.option(
    "--previous",
    type=click.Path(path_type=Path),
    help="An earlier run's output folder (or its answers.json): each answer is compared with "
    "the same respondent's answer there (new, unchanged, changed, dropped).",
)
@click.option(
    "--mark-unchanged",
    is_flag=True,
    help="With --previous: the report marks each answer unchanged since the previous round.",
)
@click.option(
    "--show-changes",
    is_flag=True,
    help="With --previous: the report shows a changed answer as a word-level difference "
    "(added text underlined, removed text struck through).",
)
@click.option(
    "--template-has-answers",
    is_flag=True,
    help="Use a template that already holds answers (refused otherwise: it may be a returned "
    "form).",
)
@click.option("--quiet", "-q", is_flag=True, help="Nothing on stderr but errors.")
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Every warning on stderr, one per line, with the technical detail of each problem.",
)
def run_command(
    inbox: Path | None,
    templates: tuple[Path, ...],
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
    previous: Path | None,
    mark_unchanged: bool,
    show_changes: bool,
    template_has_answers: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Read every form in INBOX (default: fixtures/inbox) and write the merged outputs."""
    if (mark_unchanged or show_changes) and previous is None:
        option = "--mark-unchanged" if mark_unchanged else "--show-changes"
        raise console.WordedUsageError("usage.needs_previous", option=option)
    inbox, template = _resolve_inputs(inbox, templates[0] if templates else None)
    options = RunOptions(
        inbox,
        template,
        out,
        expected,
        lang,
        jobs,
        title,
        _limits(max_file_mb, max_xml_mb, huge_xml),
        convert,
        optional=optional,
        template_has_answers=template_has_answers,
        templates=templates[1:],
        previous=previous,
        mark_unchanged=mark_unchanged,
        show_changes=show_changes,
    )
    try:
        outcome = _run_with_progress(options, quiet)
    except RunInterrupted as stop:
        console.say(f"\ndocxmerge: {stop}", err=True)
        sys.exit(130)
    except RunUsageError as exc:  # worded in the run's language, with the usage line
        raise console.WordedUsageError(exc.key, None, **exc.params) from None
    except RunError as exc:
        _print_failure(exc, verbose)
        sys.exit(1)
    if not quiet:
        console.print_summary(outcome, verbose)
    if strict:
        _exit_if_problems(outcome)


def _exit_if_problems(outcome: RunOutcome) -> None:
    """--strict: exit 1, saying how many of each, when the run found problems."""
    problems = _strict_problems(outcome)
    if any(problems.values()):
        counts = {key: str(value) for key, value in problems.items()}
        console.say(i18n.t("strict", outcome.result.language, **counts), err=True)
        sys.exit(1)


def _limits(max_file_mb: int, max_xml_mb: int, huge_xml: bool) -> Limits:
    """The reading limits the size options set (a part may be as large as the file allows)."""
    return Limits(
        max_file_bytes=max_file_mb * MIB,
        max_part_bytes=max(max_file_mb, max_xml_mb) * MIB,
        max_xml_bytes=max_xml_mb * MIB,
        huge_xml=huge_xml,
    )


def _print_failure(exc: RunError, verbose: bool) -> None:
    """Why the run could not be done: each file's reason, then the error (and its detail)."""
    for response in exc.responses:
        if response.error:
            detail = f" ({response.error_detail})" if verbose and response.error_detail else ""
            console.say(f"{response.file.name}: {response.error}{detail}", err=True)
    detail = f" ({exc.detail})" if verbose and exc.detail else ""
    console.say(f"docxmerge: {exc}{detail}", err=True)


def _resolve_inputs(inbox: Path | None, template: Path | None) -> tuple[Path, Path]:
    """INBOX defaults to the shipped fixtures; the template to template.docx beside or in INBOX,
    else a folder templates/ beside INBOX (console.default_template)."""
    if inbox is None:
        if not DEFAULT_INBOX.is_dir():
            raise console.WordedUsageError("usage.no_inbox", path=str(DEFAULT_INBOX))
        return DEFAULT_INBOX, template or DEFAULT_TEMPLATE
    if template is None:
        template = console.default_template(inbox, TEMPLATE_NAME)
    return inbox, template


def _interactive() -> bool:
    """stderr is a terminal: a progress bar there (a log file gets the summary, not a bar)."""
    return sys.stderr.isatty()


def _run_with_progress(options: RunOptions, quiet: bool) -> RunOutcome:
    """The run, with a progress bar on a terminal (its label says what it counts)."""
    if quiet or not _interactive():
        return run(options)
    with contextlib.ExitStack() as stack:
        bars: list[Any] = []

        def progress(done: int, total: int, label: str) -> None:
            if not bars:  # the total is known only once the inbox has been listed
                bar = click.progressbar(length=total, label=label, show_pos=True, file=sys.stderr)
                bars.append(stack.enter_context(bar))
            bars[0].update(done - bars[0].pos)

        return run(options, progress)


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


@main.command(
    "inspect",
    epilog="""Examples:

\b
  docxmerge inspect "inbox/Farsta SDN.docx"
  docxmerge inspect "inbox/Farsta SDN.docx" --template template.docx
  docxmerge inspect "inbox/Farsta SDN.docx" --template template.docx --json
  docxmerge inspect "inbox/Farsta SDN.docx" -t templates/  (the version it fits best)""",
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--template",
    "-t",
    multiple=True,
    type=click.Path(path_type=Path, exists=True),
    help="Also match the form against this template and show each answer. Give it more than "
    "once, or a folder, for several versions: the form is matched as a run matches it, "
    "against the version it fits best, which is named.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def inspect_command(file: Path, template: tuple[Path, ...], as_json: bool) -> None:
    """Show what the reader sees in FILE, block by block (and, with --template, the answers)."""
    from docxmerge import explain
    from docxmerge.docx.reader import read_docx

    lang = i18n.pick_language(None, None)
    try:
        document = read_docx(file)
    except UnreadableError as exc:
        console.say(f"docxmerge: {file}: {i18n.reason_text(exc.code, lang)}", err=True)
        sys.exit(1)
    form, version = _inspected_answers(document, template, file.name, lang)
    if as_json:
        data: dict[str, object] = {"document": explain.document_json(document)}
        if form is not None:
            data["answers"] = explain.answers_json(form)
        if version is not None:
            data["template"] = version
        console.say(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in explain.document_lines(document):
        console.say(line)
    if form is not None:
        console.say("")
        if version is not None:
            console.say(f"template: {version}")
        for line in explain.answer_lines(form, i18n.pick_language(None, document.language)):
            console.say(line)


def _inspected_answers(
    document: Document, paths: tuple[Path, ...], file: str, lang: str
) -> tuple[FormAnswers | None, str | None]:
    """What inspect shows of the answers: none without a template; with one template file,
    the form matched against it; with several (or a folder), the form matched against the
    version it fits best, as a run assigns it, and that version's name."""
    if not paths:
        return None, None
    if len(paths) == 1 and not paths[0].is_dir():
        return match_answers(document, _template(paths[0], lang), (), file)[0], None
    loaded = _loaded_versions(paths, lang)
    return match_answers(document, loaded.union, loaded.versions, file)


def _template(path: Path, lang: str) -> Template:
    """The template for inspect and questions; exit 1 with the reason when it cannot be used
    (and a note on stderr when it already holds answers)."""
    try:
        loaded = read_template(path, lang=lang)
    except RunError as exc:
        console.say(f"docxmerge: {exc}", err=True)
        sys.exit(1)
    if loaded.held:
        language = i18n.pick_language(None, loaded.template.language)
        console.say(i18n.t("questions.held", language, found=held_list(loaded.held)), err=True)
    return loaded.template


@main.command(
    "questions",
    epilog="""Examples:

\b
  docxmerge questions tertial2/template.docx
  docxmerge questions tertial2/template.docx --json > questions.json""",
)
@click.argument("template", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    help="Language of the listing's own words. Default: the template's language.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def questions_command(template: tuple[Path, ...], lang: str | None, as_json: bool) -> None:
    """List what was understood from TEMPLATE: fields, sections and questions.

    Give several templates (or a folder of them) for the questions of their versions together,
    as a run uses them: the versions are listed, oldest first, and a question not every
    version asks says which do.

    --json prints one object per question (entry "question": id, section, text, slot; with
    several templates asked_by), then one per metadata field (entry "field": label,
    control_tag, control_alias).
    """
    from docxmerge import explain

    several = len(template) > 1 or template[0].is_dir()
    early = i18n.pick_language(lang, None)
    parsed, versions = (
        _versions(template, early) if several else (_template(template[0], early), ())
    )
    if as_json:
        console.say(json.dumps(_question_entries(parsed, several), ensure_ascii=False, indent=2))
        return
    for line in explain.question_lines(parsed, versions, i18n.pick_language(lang, parsed.language)):
        console.say(line)


def _versions(paths: tuple[Path, ...], lang: str) -> tuple[Template, tuple[TemplateVersion, ...]]:
    """The union of several templates' questions and their versions, oldest first
    (:func:`_loaded_versions`)."""
    loaded = _loaded_versions(paths, lang)
    return loaded.union, loaded.versions


def _loaded_versions(paths: tuple[Path, ...], lang: str) -> Templates:
    """Several templates read as a run reads them (run.read_templates); exit 1 with the
    reason when one cannot be used, a note on stderr for each that holds answers."""
    try:
        loaded = read_templates(paths, lang=lang)
    except RunError as exc:
        console.say(f"docxmerge: {exc}", err=True)
        sys.exit(1)
    language = i18n.pick_language(None, loaded.union.language)
    for version, held in zip(loaded.versions, loaded.held, strict=True):
        if held:
            note = i18n.t("questions.held", language, found=held_list(held))
            console.say(f"{version.name}: {note}", err=True)
    return loaded


def _question_entries(parsed: Template, several: bool = False) -> list[dict[str, object]]:
    """questions --json: the question rows programs read since the first version (each now
    with "entry": "question"; with several templates "asked_by"), then the metadata fields,
    each with every key a question row has (empty), so that a program reading rows one by one
    keeps working."""
    from docxmerge.answers.template import template_rows

    asked_by = {q.id: list(q.asked_by) for q in parsed.questions}
    rows: list[dict[str, object]] = [
        {**row, "entry": "question"} | ({"asked_by": asked_by[str(row["id"])]} if several else {})
        for row in template_rows(parsed)
    ]
    blank = {key: _blank(value) for key, value in rows[0].items()} if rows else {}
    for spec in parsed.fields:
        field: dict[str, object] = {"label": spec.label, "control_tag": spec.control_tag}
        field["control_alias"] = spec.control_alias
        rows.append(blank | {"entry": "field", "text": spec.label} | field)
    return rows


def _blank(value: object) -> object:
    """A question row's value emptied for a field row: "", [], false, or null."""
    return type(value)() if isinstance(value, str | list | bool) else None


@main.command("help", epilog="Example:\n\n\b\n  docxmerge help run")
@click.argument("command", required=False)
@click.pass_context
def help_command(context: click.Context, command: str | None) -> None:
    """Show the help of docxmerge, or of one COMMAND (run, questions, inspect)."""
    parent = context.parent
    assert parent is not None
    group = parent.command
    if command is None:
        console.say(group.get_help(parent))
        return
    found = group.get_command(parent, command) if isinstance(group, click.Group) else None
    if found is None:
        raise console.WordedUsageError("usage.no_such_command", context, name=command)
    console.say(found.get_help(click.Context(found, info_name=command, parent=parent)))


def entry() -> None:
    """The console script (and ``python -m docxmerge``): run the command, then end the process
    without interpreter teardown (:mod:`docxmerge.speed.quick_exit`)."""
    run_then_exit(main)
