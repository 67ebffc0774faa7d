"""``--template`` given more than once, or as a folder: the template files of a run, and how old
each one is.

A folder stands for the Word files directly in it (.docx, .dotx, .docm, .dotm; not hidden
files, Word's ``~$`` owner files or links), by name. A template's age is its core properties'
modified date, else their created date, else the file's own modification time.
"""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from docxmerge.model import Document, UnreadableError

TEMPLATE_SUFFIXES = (".docx", ".dotx", ".docm", ".dotm")
DatedBy = Literal["modified", "created", "file"]


class TemplateFolderError(UnreadableError):
    """A folder given as ``--template`` that gives no template: ``folder`` names it (of
    several ``--template``, the one that failed)."""

    def __init__(self, code: str, folder: Path, detail: str = "") -> None:
        super().__init__(code, detail)
        self.folder = folder


def template_files(paths: Iterable[Path]) -> list[Path]:
    """Every template file ``paths`` name, each once, in the order given (a folder's files by
    name). TemplateFolderError ``no_templates`` (detail: the folder) for a folder with none,
    ``folder_unreadable`` (detail: the system's reason) for one that cannot be listed."""
    found: list[Path] = []
    for path in paths:
        for file in _in_folder(path) if path.is_dir() else [path]:
            if not any(_same(file, known) for known in found):
                found.append(file)
    return found


def _in_folder(folder: Path) -> list[Path]:
    try:
        children = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise TemplateFolderError("folder_unreadable", folder, exc.strerror or "") from None
    files = [child for child in children if _template_like(child)]
    if not files:
        raise TemplateFolderError("no_templates", folder, str(folder))
    return files


def _template_like(path: Path) -> bool:
    if path.name.startswith((".", "~$")) or path.suffix.casefold() not in TEMPLATE_SUFFIXES:
        return False
    try:
        return stat.S_ISREG(path.lstat().st_mode)  # a link is not followed
    except OSError:
        return False


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a == b


def template_date(path: Path, document: Document) -> tuple[str | None, DatedBy | None]:
    """The date a template's age is judged by, and where it comes from."""
    properties = document.properties
    if properties.modified:
        return properties.modified, "modified"
    if properties.created:
        return properties.created, "created"
    try:
        moment = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    except OSError:
        return None, None
    return moment.isoformat(timespec="seconds"), "file"
