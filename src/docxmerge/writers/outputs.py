"""The output folder: one run at a time, nothing in the way of an output, and all outputs moved
in together, the previous set put back on any failure.

A run opens the folder before it reads any form: it creates the folder, takes the lock (which
also proves the folder can be written), and checks that nothing stands in the way of an output
(an Office owner file beside it, a folder or a read-only file in its place). It keeps the lock
to the end; the lock file appears whole (who holds it, since when) or not at all. The outputs
are written into a staging folder, then each previous output file is kept under a second name
(a hard link, else a copy) while the new one replaces it in one rename: every output file is
always present and whole (an output folder, reminders/, is moved aside first), and on any
failure (an error, Ctrl-C) the previous outputs are renamed back. A run killed in the middle of
those renames leaves a mix of whole old and new outputs; the next run finishes the cleanup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from docxmerge.model import Message

LOCK_NAME = ".docxmerge.lock"
LOCK_DRAFT = LOCK_NAME + ".new-"  # a lock being written, before it takes the lock's name
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK, errno.EXDEV}
)
_LOCK_READ_TRIES, _LOCK_READ_PAUSE = 10, 0.02  # a lock written in place: 0.2 s to hold facts
_DRAFT_AGE = 60.0  # seconds: a lock draft this old was left by a killed run
STAGING_PREFIX = ".docxmerge-staging-"
PREVIOUS_PREFIX = ".docxmerge-previous-"


class OutputProblem(Exception):
    """The output folder cannot take the outputs: ``code`` names why (``out_not_folder``,
    ``cannot_write``, ``locked``, ``open_in_office``, ``in_the_way``, ``in_the_way_of_folder``,
    ``read_only``);
    ``params`` fill the message; ``error`` is the operating system's error, if any."""

    def __init__(self, code: str, error: OSError | None = None, **params: str) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.error = error
        self.params = params


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a lock: what its lock file says."""

    pid: int
    host: str
    started: str  # local time, "2026-05-04 14:03:12"

    def gone(self) -> bool:
        """The holder is a process of this machine that no longer runs."""
        if self.host != socket.gethostname() or os.name != "posix" or self.pid <= 0:
            return False  # another machine's process (a shared folder): cannot be told
        try:
            os.kill(self.pid, 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return True
        except OSError:
            return False  # it exists, as another user's process
        return False


class OutputFolder:
    """The output folder of one run, locked from :meth:`open` to :meth:`close`."""

    def __init__(self, out: Path, names: Sequence[str], folders: Sequence[str] = ()) -> None:
        self.out = out
        self.names = tuple(names)  # output files
        self.folders = tuple(folders)  # output folders (reminders/)
        self._created = False
        self._locked = False

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self) -> list[Message]:
        """Create the folder, take the lock, check the way; notes (a stale lock taken over).

        Raises OutputProblem. What a killed run left (staging folders, a previous set half
        put back) is cleaned up once the lock is ours.
        """
        self._make_folder()
        notes = self._lock()
        self._locked = True
        _clean_up(self.out, self.names + self.folders)
        self.check()
        return notes

    def check(self) -> None:
        """Nothing stands in the way of an output; raises OutputProblem."""
        for name in self.names:
            owner = _owner_file(self.out, name)
            if owner is not None:
                raise OutputProblem("open_in_office", name=name, owner=owner, path=str(self.out))
            _check_target(self.out, name, folder=False)
        for name in self.folders:
            _check_target(self.out, name, folder=True)

    def publish(self, write: Callable[[Path], None]) -> None:
        """``write(staging)`` writes every output into a new staging folder; then they replace
        the previous ones together (:func:`_swap`). Raises OutputProblem or what ``write``
        raises; the previous outputs are then as they were, and no staging folder is left."""
        self.check()  # again: a workbook may have been opened in Excel while the run read
        try:
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out))
        except OSError as exc:
            raise OutputProblem("cannot_write", exc, path=str(self.out)) from None
        try:
            write(staging)
            _swap(self.out, staging, self.names + self.folders)
        except OSError as exc:
            raise OutputProblem("cannot_write", exc, path=str(self.out)) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def close(self) -> None:
        """Release the lock; remove the folder again when this run made it and left it empty."""
        if self._locked:
            with contextlib.suppress(OSError):
                (self.out / LOCK_NAME).unlink()
            self._locked = False
        if self._created:
            with contextlib.suppress(OSError):
                self.out.rmdir()  # only when empty
            self._created = False

    def _make_folder(self) -> None:
        if self.out.exists() and not self.out.is_dir():
            raise OutputProblem("out_not_folder", path=str(self.out))
        try:
            self._created = not self.out.exists()
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._created = False
            raise OutputProblem("cannot_write", exc, path=str(self.out)) from None

    def _lock(self) -> list[Message]:
        """Create the lock file (whole, or not at all: :func:`_create_lock`); take over one
        whose process is gone."""
        path = self.out / LOCK_NAME
        notes: list[Message] = []
        for attempt in range(3):
            try:
                _create_lock(path)
                return notes
            except FileExistsError:
                holder = _settled_holder(path)
                if holder is None and not os.path.lexists(path) and attempt < 2:
                    continue  # released while we looked: try again
                if holder is None or not holder.gone() or attempt == 2:
                    raise _locked(self.out, holder) from None
                if _take_over(path, holder):
                    notes.append(_stale_note(self.out, holder))
            except OSError as exc:
                raise OutputProblem("cannot_write", exc, path=str(self.out)) from None
        raise _locked(self.out, _holder(path))


def _create_lock(path: Path) -> None:
    """The lock, atomically: its facts are written (and synced) into a draft beside it, which
    then takes the lock's name with os.link, which fails when the name exists (as O_EXCL
    does). A second run never reads a half-written lock: created empty with O_EXCL and written
    after, it was read as "started at unknown time". os.replace would publish it whole too,
    but over another run's lock. Where the file system has no hard links (FAT, some network
    shares), the lock is created with O_EXCL and written in place (:func:`_settled_holder`
    then waits for its facts)."""
    started = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
    facts = {"pid": os.getpid(), "host": socket.gethostname(), "started": started}
    descriptor, draft_name = tempfile.mkstemp(prefix=LOCK_DRAFT, dir=path.parent)
    draft = Path(draft_name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(facts, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(draft, 0o644)  # mkstemp creates 0600; another user's run must read it
        try:
            os.link(draft, path, follow_symlinks=False)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            _create_lock_in_place(path, facts)
    finally:
        with contextlib.suppress(OSError):
            draft.unlink()


def _create_lock_in_place(path: Path, facts: dict[str, object]) -> None:
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(facts, handle)


def _settled_holder(path: Path) -> Holder | None:
    """What a lock file says, given a moment to say it: a lock written in place (no hard
    links, or an older docxmerge) is empty until its writer has written it."""
    for _ in range(_LOCK_READ_TRIES):
        holder = _holder(path)
        if holder is not None or not os.path.lexists(path):
            return holder
        time.sleep(_LOCK_READ_PAUSE)
    return _holder(path)


def _holder(path: Path) -> Holder | None:
    """What a lock file says; None when it cannot be read (empty: being written in place)."""
    try:
        facts = json.loads(path.read_text(encoding="utf-8"))
        return Holder(int(facts["pid"]), str(facts["host"]), str(facts["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _take_over(path: Path, holder: Holder) -> bool:
    """Move a stale lock aside (True); put it back if it turns out to be another run's new one
    (a run that took the stale lock over an instant before us)."""
    aside = path.with_name(f"{LOCK_NAME}.stale-{os.getpid()}")
    try:
        os.replace(path, aside)
    except OSError:
        return False  # gone already, taken over by another run: the next attempt says so
    if _holder(aside) != holder:
        with contextlib.suppress(OSError):
            os.replace(aside, path)
        return False
    with contextlib.suppress(OSError):
        aside.unlink()
    return True


def _locked(out: Path, holder: Holder | None) -> OutputProblem:
    if holder is None:
        return OutputProblem("locked", path=str(out), started="?", host="?", pid="?")
    return OutputProblem(
        "locked", path=str(out), started=holder.started, host=holder.host, pid=str(holder.pid)
    )


def _stale_note(out: Path, holder: Holder) -> Message:
    text = (
        f"A lock left in {out} by a run that did not end (process {holder.pid}, started at "
        f"{holder.started}) was taken over"
    )
    params = (("path", str(out)), ("pid", str(holder.pid)), ("started", holder.started))
    return Message(str(out), "run", "stale_lock", text, params)


def _owner_file(out: Path, name: str) -> str | None:
    """The Office owner file of an open ``name`` in ``out``, if any.

    Word names it "~$" and the name less its first one or two characters when the name is
    long ("Farsta SDN.docx" -> "~$rsta SDN.docx"); Excel keeps the whole name; LibreOffice
    writes ".~lock.NAME#".
    """
    candidates = [f"~${name[cut:]}" for cut in (0, 1, 2)] + [f".~lock.{name}#"]
    for candidate in candidates:
        if os.path.lexists(out / candidate):
            return candidate
    return None


def _check_target(out: Path, name: str, folder: bool) -> None:
    """An output's place holds nothing, or what we may replace: a regular file (a folder for
    a folder output), writable."""
    try:
        info = (out / name).lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputProblem("cannot_write", exc, path=str(out)) from None
    kind_ok = stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)
    if not kind_ok:
        code = "in_the_way_of_folder" if folder else "in_the_way"
        raise OutputProblem(code, name=name, path=str(out))
    if not info.st_mode & stat.S_IWUSR:  # the mode bits: root may write anything
        raise OutputProblem("read_only", name=name, path=str(out))


def _swap(out: Path, staging: Path, names: Sequence[str]) -> None:
    """Replace each output by its staged one, keeping the previous one under a second name
    until all are in (:func:`_keep`); on any failure, put the previous ones back."""
    previous = Path(tempfile.mkdtemp(prefix=PREVIOUS_PREFIX, dir=out))
    done: list[str] = []
    try:
        for name in names:
            if os.path.lexists(out / name):
                _keep(out / name, previous / name)
            os.replace(staging / name, out / name)
            done.append(name)
    except BaseException:
        _put_back(out, previous, names, done)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def _keep(target: Path, kept: Path) -> None:
    """A second name for a file (a hard link; a copy where the file system has none): the
    file itself stays in place until its successor replaces it in one rename. A folder is
    moved aside: no rename replaces a folder that holds files."""
    if target.is_dir() and not target.is_symlink():
        os.replace(target, kept)
        return
    try:
        os.link(target, kept, follow_symlinks=False)
    except OSError:
        shutil.copy2(target, kept, follow_symlinks=False)


def _put_back(out: Path, previous: Path, names: Sequence[str], done: Sequence[str]) -> None:
    """Undo :func:`_swap`: every previous output back, a new one with none before it away."""
    for name in reversed(names):
        target, kept = out / name, previous / name
        if name in done and target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        if os.path.lexists(kept):
            os.replace(kept, target)
        elif name in done:
            target.unlink(missing_ok=True)  # there was none before this run
    shutil.rmtree(previous, ignore_errors=True)


def _clean_up(out: Path, names: Sequence[str]) -> None:
    """What a killed run left: staging folders go; a previous set gives back what is missing."""
    for leftover in sorted(out.glob(STAGING_PREFIX + "*")) + sorted(
        out.glob(PREVIOUS_PREFIX + "*")
    ):
        if not leftover.is_dir() or leftover.is_symlink():
            continue
        if leftover.name.startswith(PREVIOUS_PREFIX):
            for name in names:
                kept = leftover / name
                if os.path.lexists(kept) and not os.path.lexists(out / name):
                    with contextlib.suppress(OSError):
                        os.replace(kept, out / name)
        shutil.rmtree(leftover, ignore_errors=True)
    with contextlib.suppress(OSError):
        for stale in out.glob(LOCK_NAME + ".stale-*"):
            stale.unlink()
        for draft in out.glob(LOCK_DRAFT + "*"):  # a run killed while writing its lock
            if time.time() - draft.lstat().st_mtime > _DRAFT_AGE:
                draft.unlink()
