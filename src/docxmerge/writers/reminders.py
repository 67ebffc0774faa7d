"""reminders/: one e-mail draft (.eml) per respondent on the chase list; nothing is ever sent.

Each draft is a standard-library :class:`email.message.EmailMessage`: headers encoded as RFC 2047
wants, ``X-Unsent: 1`` so that Outlook opens it as a new message ready to send (Thunderbird
opens .eml drafts too), no From (the mail program fills in the clerk's own), To: the e-mail
address of the respondent's form, else of their row of the ``--expected`` list (no To when
neither gives one: still a draft, and a ``reminder_no_address`` message says so). Subject and
body are in the run's language: the round, the questions owed with their text (or the file
problem and what to do about it), a polite request, the signature left to the clerk.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from email import policy
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage
from pathlib import Path

from docxmerge.answers.chase import UNANSWERED, Owed, chase_list
from docxmerge.i18n import make_message, reminder_reason, t
from docxmerge.model import Message, RunResult

REMINDERS_NAME = "reminders"


class _HeaderClasses(HeaderRegistry):
    """The standard header registry, each header class made once: CPython's builds a new class
    every time a header is set or read (email.headerregistry.HeaderRegistry.__getitem__), a
    quarter of a draft's time (900 drafts 0.48 -> 0.36 s CPU)."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


# CRLF line ends, headers RFC 2047-encoded
_POLICY = policy.SMTP.clone(header_factory=_HeaderClasses())
# Characters Windows forbids in file names, controls, and what no file system can store.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f\ud800-\udfff]')
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(10)}
)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_MAX_NAME_BYTES = 150  # well within 255 bytes per name (ext4, NTFS counts 255 UTF-16 units)


def write_reminders(result: RunResult, folder: Path) -> tuple[Message, ...]:
    """Write a draft per respondent on the chase list into ``folder`` (created here).

    The folder is the unit written atomically: it is made in the run's staging folder and moved
    into place whole (run.write_outputs), so each draft is written plainly, without a temporary
    file and an fsync of its own (for 1,000 respondents that was a second). Returns a
    ``reminder_no_address`` message for each draft written without a recipient.
    """
    folder.mkdir()
    chase = chase_list(result)
    notes: list[Message] = []
    for owed, name in zip(chase, draft_names(chase), strict=True):
        data, addressed = _serialized(draft(owed, result))
        (folder / name).write_bytes(data)
        if not addressed:
            file = owed.response.file.name if owed.response else ""
            notes.append(make_message(file, "respondent", "reminder_no_address", name=owed.name))
    return tuple(notes)


def _serialized(message: EmailMessage) -> tuple[bytes, bool]:
    """The draft's bytes, and whether it has a recipient: an address the headers cannot
    carry (a non-ASCII local part) is dropped rather than lose the draft."""
    try:
        return message.as_bytes(policy=_POLICY), message["To"] is not None
    except (ValueError, IndexError, TypeError, UnicodeError):
        del message["To"]
        return message.as_bytes(policy=_POLICY), False


def draft_names(chase: Sequence[Owed]) -> list[str]:
    """A file name per entry, safe on Windows and unique regardless of case: "Name.eml",
    "Name (2).eml"."""
    names: list[str] = []
    taken: set[str] = set()
    for owed in chase:
        stem = safe_stem(owed.name)
        name, number = f"{stem}.eml", 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem} ({number}).eml"
        taken.add(name.casefold())
        names.append(name)
    return names


def safe_stem(name: str) -> str:
    """``name`` as a file name stem any system takes: forbidden characters as "_", no trailing
    dot or space, not a reserved device name (CON, NUL, COM1...), at most 150 UTF-8 bytes."""
    stem = _UNSAFE.sub("_", " ".join(unicodedata.normalize("NFC", name).split()))
    while len(stem.encode("utf-8")) > _MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = stem.strip(" .")
    if stem.split(".")[0].casefold() in _RESERVED:
        stem = "_" + stem
    return stem or "_"


def draft(owed: Owed, result: RunResult) -> EmailMessage:
    """The draft for one respondent: To (when there is an address), Subject, X-Unsent, body."""
    lang = result.language
    message = EmailMessage(policy=_POLICY)
    _address(message, owed)
    round_name = round_of(result)
    message["Subject"] = _one_line(t("reminder.subject", lang, round=round_name, name=owed.name))
    message["X-Unsent"] = "1"
    message.set_content(_body(owed, round_name, lang), cte="quoted-printable")
    return message


def round_of(result: RunResult) -> str:
    """The round as a sentence names it: --title, else the template's title, an all-capitals
    title in sentence case ("Uppföljningsrapport näringsliv")."""
    title = _one_line(result.title or result.template.title)
    return title.capitalize() if title.isupper() else title


def _address(message: EmailMessage, owed: Owed) -> None:
    """Set To from the contact's addresses (the person's name with a single one)."""
    found = owed.contact.addresses
    person = _one_line(owed.contact.person) if len(found) == 1 else ""
    try:
        recipients = [Address(display_name=person, addr_spec=a) for a in found]
    except (ValueError, IndexError, TypeError):
        return
    if recipients:
        message["To"] = recipients


def _body(owed: Owed, round_name: str, lang: str) -> str:
    person = _one_line(owed.contact.person)
    lines = [t("reminder.greeting", lang, person=person) if person else t("reminder.hello", lang)]
    lines += ["", *_request(owed, round_name, lang), "", t("reminder.closing", lang), ""]
    return _UNPRINTABLE.sub("\ufffd", "\n".join(lines)) + "\n"


def _request(owed: Owed, round_name: str, lang: str) -> list[str]:
    """What the respondent owes and what to do, as lines."""
    if owed.status == UNANSWERED:
        number = "one" if len(owed.questions) == 1 else "many"  # the closing agrees too
        asked = [f"{q.id} {_one_line(q.text)}" for q in owed.questions]
        owes = t(f"reminder.owes_{number}", lang, round=round_name)
        return [owes, "", *asked, "", t(f"reminder.fill_in_{number}", lang)]
    file = owed.response.file.name if owed.response else ""
    if owed.status == "unreadable" and owed.response is not None:
        code = owed.response.error_code or ""
        problem = t("reminder.unreadable", lang, file=file, round=round_name)
        return [problem, reminder_reason(code, lang)]
    if owed.status == "blank_form":
        return [t("reminder.blank_form", lang, file=file, round=round_name)]
    return [t("reminder.not_received", lang, round=round_name)]


def _one_line(text: str) -> str:
    """Text fit for a header or a list line: line breaks and runs of spaces as one space,
    control characters and what UTF-8 cannot hold (a file name's undecodable bytes) as U+FFFD."""
    return " ".join(_UNPRINTABLE.sub("\ufffd", text).split())
