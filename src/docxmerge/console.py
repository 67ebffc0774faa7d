"""What the command line writes to the terminal: text made safe to print, usage errors in the
run's language, and a run's summary on stderr.

- Any string a hostile file or file name carries (lone surrogates, control characters,
  right-to-left overrides) is printed as a visible ``\\uXXXX`` escape: nothing can crash the
  output stream's encoder or steer the terminal. In JSON that escape is the character itself.
- Usage errors (an unknown option, a missing argument, a bad value) are worded in the language
  the run would have: ``--lang`` if given, else the language of the template the command would
  use, else the environment's (LC_ALL, LC_MESSAGES, LANG).
- A run's warnings are counted by kind on stderr; every detail is in the workbook's Messages
  sheet (and on stderr with ``--verbose``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import click

from docxmerge import i18n
from docxmerge.answers import tally
from docxmerge.model import Message, UnreadableError
from docxmerge.run import RunOutcome

MAX_LISTED_FILES = 20
# Lone surrogates, C0 and C1 controls but tab and newline, and the bidirectional overrides
_UNSAFE = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_VALUE_OPTIONS = frozenset(
    {"--template", "-t", "--out", "-o", "--expected", "--lang", "--title", "--jobs", "-j"}
    | {"--max-file-mb", "--max-xml-mb", "--previous", "--optional"}
)


def safe(text: str) -> str:
    """``text`` with every character a terminal or an encoder must not get as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def say(text: str, err: bool = False) -> None:
    """Print one line, made safe (:func:`safe`)."""
    click.echo(safe(text), err=err)


# --------------------------------------------------------------------------- usage errors


def usage_language(args: Sequence[str], default_template: Path, beside: str) -> str:
    """The language of a usage error: ``--lang``, else the template's, else the environment's.

    The template is the one the command would use: ``--template``, the ``questions``
    argument, or ``beside`` (template.docx) next to or in the inbox given to ``run``
    (``default_template`` when none is given).
    """
    values, positional = _scan(args)
    if values.get("--lang") in i18n.LANGUAGES:
        return values["--lang"]
    return i18n.pick_language(
        None, _language_of(_template_of(values, positional, default_template, beside))
    )


def _scan(args: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """Option values ("--lang" -> "sv", "-t" read as "--template") and positional arguments."""
    values: dict[str, str] = {}
    positional: list[str] = []
    pending: str | None = None
    for arg in args:
        if pending is not None:
            values[pending], pending = arg, None
        elif arg.startswith("-") and "=" in arg:
            name, _, value = arg.partition("=")
            values[_long(name)] = value
        elif arg in _VALUE_OPTIONS:
            pending = _long(arg)
        elif not arg.startswith("-"):
            positional.append(arg)
    return values, positional


def _long(name: str) -> str:
    return {"-t": "--template", "-o": "--out", "-j": "--jobs"}.get(name, name)


def _template_of(
    values: dict[str, str], positional: list[str], default: Path, beside: str
) -> Path | None:
    if "--template" in values:
        return Path(values["--template"])
    command, rest = (positional[0], positional[1:]) if positional else ("", [])
    if command == "questions" and rest:
        return Path(rest[0])
    if command != "run":
        return None
    if not rest:
        return default
    return default_template(Path(rest[0]), beside)


VERSIONS_FOLDER = "templates"  # a folder of the form's versions, looked for beside INBOX


def default_template(inbox: Path, name: str) -> Path:
    """The template of a run given no --template: ``name`` (template.docx) beside INBOX, or
    inside it when only there; else the folder :data:`VERSIONS_FOLDER` beside INBOX; else
    ``name`` beside INBOX (whose absence the run then reports)."""
    beside, inside = inbox.parent / name, inbox / name
    versions = inbox.parent / VERSIONS_FOLDER
    if beside.is_file():
        return beside
    if inside.is_file():
        return inside
    return versions if versions.is_dir() else beside


def _language_of(template: Path | None) -> str | None:
    """The template's language, if it is a readable Word file (a folder: its first)."""
    from docxmerge.docx.reader import read_docx
    from docxmerge.docx.template_files import template_files

    if template is not None and template.is_dir():
        try:
            template = template_files([template])[0]
        except UnreadableError:
            return None
    if template is None or not template.is_file():
        return None
    try:
        return read_docx(template).language
    except Exception:  # a broken template: its own error comes later, in the run
        return None


class WordedUsageError(click.UsageError):
    """A usage error of our own, worded in the run's language when it is shown: ``key`` names
    its text in i18n, ``params`` fill it."""

    def __init__(self, key: str, context: click.Context | None = None, **params: str) -> None:
        super().__init__(key, context)
        self.key = key
        self.params = params


def usage_text(error: click.UsageError, lang: str) -> str:
    """A click usage error in ``lang`` (click words them in English)."""
    if isinstance(error, WordedUsageError):
        return i18n.t(error.key, lang, **error.params)
    if isinstance(error, click.NoSuchOption):
        text = i18n.t("usage.no_such_option", lang, option=error.option_name)
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            text += " " + i18n.t("usage.did_you_mean", lang, options=options)
        return text
    if isinstance(error, click.MissingParameter) and error.param is not None:
        return i18n.t("usage.missing", lang, param=_param_name(error.param))
    if isinstance(error, click.BadOptionUsage):
        key = "usage.no_value" if "does not take" in error.message else "usage.needs_value"
        return i18n.t(key, lang, option=error.option_name)
    if isinstance(error, click.BadParameter) and error.param is not None:
        hint = _hint(error.param, lang, error.message)
        return i18n.t("usage.bad_value", lang, param=_param_name(error.param), hint=hint)
    return _worded(error.format_message(), lang)


def _worded(message: str, lang: str) -> str:
    """The usage errors click raises as plain UsageError, recognised by their English text."""
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", message)
    if extra:
        return i18n.t("usage.extra", lang, args=extra.group(1))
    command = re.match(r"No such command '(.*)'", message)
    if command:
        return i18n.t("usage.no_such_command", lang, name=command.group(1))
    return i18n.t("usage.other", lang, message=message)


def _param_name(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return (param.human_readable_name or param.name or "").upper()


def _hint(param: click.Parameter, lang: str, message: str = "") -> str:
    """What a parameter takes, in ``lang`` (click's English ``message`` tells a path that is
    the wrong kind from one that does not exist)."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return i18n.t("usage.hint_choice", lang, choices=", ".join(map(str, kind.choices)))
    if isinstance(kind, click.IntRange) and kind.min is not None:
        return i18n.t("usage.hint_int_min", lang, min=str(kind.min))
    if isinstance(kind, click.types.IntParamType):
        return i18n.t("usage.hint_int", lang)
    if isinstance(kind, click.Path):
        if message.endswith("is a directory."):
            return i18n.t("usage.hint_is_folder", lang)
        if message.endswith("is a file."):
            return i18n.t("usage.hint_is_file", lang)
        return i18n.t("usage.hint_path", lang)
    return i18n.t("usage.hint_help", lang)


def show_usage_error(error: click.UsageError, lang: str) -> None:
    """What click's own show() prints, in ``lang``: usage line, hint, the error."""
    context = error.ctx
    if context is not None:
        usage = context.get_usage().replace("Usage:", i18n.t("usage.prefix", lang), 1)
        say(usage, err=True)
        command, name = context.command_path, context.info_name or ""
        if context.parent is None or name == "help":
            hint = i18n.t("usage.try_main", lang, command=command)
        else:
            hint = i18n.t("usage.try", lang, command=command, name=name)
        say(hint, err=True)
        say("", err=True)
    say(f"{i18n.t('usage.error', lang)}: {usage_text(error, lang)}", err=True)


# --------------------------------------------------------------------------- run summary


def print_summary(outcome: RunOutcome, verbose: bool) -> None:
    """Run notes in full, unreadable files by name, other warnings counted by kind (every one
    with ``verbose``), then the totals and the output paths."""
    result, lang = outcome.result, outcome.result.language
    workbook = str(outcome.outputs[1]) if len(outcome.outputs) > 1 else ""
    for message in result.messages:
        if message.location == "run":
            say(i18n.message_text(message, lang), err=True)
    _print_unreadable(outcome, verbose, workbook)
    warnings = [m for r in result.responses for m in r.messages]
    warnings += [m for m in result.messages if m.location != "run"]
    if verbose:
        for message in warnings:
            say(f"{message.file}: {i18n.message_text(message, lang)} [{message.code}]", err=True)
    elif warnings:
        _print_counts(warnings, lang, workbook)
    _print_totals(outcome)


def _print_unreadable(outcome: RunOutcome, verbose: bool, workbook: str) -> None:
    lang = outcome.result.language
    unreadable = [r for r in outcome.result.responses if r.status == "unreadable"]
    if not unreadable:
        return
    say(i18n.t("summary.unreadable", lang, count=str(len(unreadable))), err=True)
    shown = unreadable if verbose else unreadable[:MAX_LISTED_FILES]
    for response in shown:
        detail = f" ({response.error_detail})" if verbose and response.error_detail else ""
        say(f"  {response.file.name}: {response.error}{detail}", err=True)
    if len(unreadable) > len(shown):
        more = str(len(unreadable) - len(shown))
        say("  " + i18n.t("summary.more_files", lang, count=more, path=workbook), err=True)


def _print_counts(warnings: Sequence[Message], lang: str, workbook: str) -> None:
    say(i18n.t("summary.warnings", lang, path=workbook), err=True)
    counts = Counter(message.code for message in warnings)
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        say("  " + i18n.count_text(code, count, lang), err=True)


def _print_totals(outcome: RunOutcome) -> None:
    result, lang = outcome.result, outcome.result.language
    answered, unanswered = tally.answer_totals(result)
    counts = {status: str(outcome.count(status)) for status in ("read", "skipped")}
    counts |= {status: str(outcome.count(status)) for status in ("unreadable", "superseded")}
    respondents = str(len(tally.current_responses(result)))
    totals = {"respondents": respondents, "answered": str(answered), "unanswered": str(unanswered)}
    if len(outcome.templates) == 1:  # several are named in the versions note
        say(i18n.t("summary.template", lang, path=str(outcome.templates[0])), err=True)
    optional = unanswered - tally.owed_total(result)
    key = "summary.with_optional" if optional else "summary"
    say(i18n.t(key, lang, **counts, **totals, optional=str(optional)), err=True)
    if result.previous is not None:
        compared = tally.comparison_totals(result)
        say(i18n.t("summary.previous", lang, **{k: str(v) for k, v in compared.items()}), err=True)
    if result.not_received:
        names = ", ".join(result.not_received)
        say(i18n.t("summary.not_received", lang, names=names), err=True)
    if result.previous is not None and result.previous.only_previous:
        names = ", ".join(result.previous.only_previous)
        say(i18n.t("summary.only_previous", lang, names=names), err=True)
    for path in outcome.outputs:
        say(f"  {path}", err=True)
