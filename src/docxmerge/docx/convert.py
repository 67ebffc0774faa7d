"""Optional conversion of .doc, .rtf and .odt files to .docx with LibreOffice, cut off from
the network.

LibreOffice fetches linked images and other external targets while it converts, so it runs in
a fresh network namespace (``unshare --net``, or ``unshare -rn`` as an unprivileged user) where
no interface is up. When no namespace can be made, conversion is refused with the reason. Each
file is converted from a copy in a temporary folder, with a throw-away user profile and a time
limit; on time-out the whole process group is killed. The input file is never opened by
LibreOffice itself (it would leave a lock file beside it).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from docxmerge.model import UnreadableError

CONVERTIBLE_SUFFIXES = frozenset({".doc", ".dot", ".rtf", ".odt", ".ott"})
_PROBE_SECONDS = 10.0
_REAP_SECONDS = 5.0
_DETAIL_CHARS = 300


def unavailable_reason() -> str | None:
    """Why convert_to_docx cannot run here, as a code: ``no_soffice`` (LibreOffice is not
    installed), ``no_isolation`` (no network namespace can be made); None when it can."""
    if _soffice() is None:
        return "no_soffice"
    return "no_isolation" if network_isolation() is None else None


def conversion_available() -> tuple[bool, str]:
    """Whether convert_to_docx can run here, and a sentence saying why (not)."""
    soffice = _soffice()
    if soffice is None:
        return False, (
            "LibreOffice is not installed (no soffice on PATH): install it, or open the file "
            "in Word and save it as .docx"
        )
    isolation = network_isolation()
    if isolation is None:
        return False, (
            "cannot cut LibreOffice off from the network here (neither 'unshare --net' nor "
            "'unshare -rn' works, e.g. user namespaces are disabled): open the file in Word "
            "and save it as .docx"
        )
    return True, f"{soffice} in a new network namespace ({' '.join(isolation)})"


def convert_to_docx(src: Path, workdir: Path, timeout: float = 60) -> Path:
    """Convert ``src`` to .docx inside a new folder under ``workdir``; return the new file.

    Raises UnreadableError("convert_unavailable", why) or UnreadableError("convert_failed", why).
    """
    available, reason = conversion_available()
    soffice, isolation = _soffice(), network_isolation()
    if not available or soffice is None or isolation is None:
        raise UnreadableError("convert_unavailable", reason)
    suffix = src.suffix.lower()
    if suffix not in CONVERTIBLE_SUFFIXES:
        raise UnreadableError(
            "convert_failed", f"cannot convert {suffix or 'a file without'} files"
        )
    folder = Path(tempfile.mkdtemp(prefix="convert-", dir=workdir))
    source = folder / f"input{suffix}"  # a plain name: the original may hold newlines or a "-"
    try:
        shutil.copyfile(src, source)
    except OSError as exc:
        raise UnreadableError("convert_failed", f"cannot copy the file: {exc.strerror}") from None
    scratch = folder / "scratch"  # profile, HOME and TMPDIR: removed afterwards
    command = soffice_command(soffice, isolation, scratch / "profile", folder, source)
    try:
        output = run_conversion(command, folder, timeout, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        source.unlink(missing_ok=True)
    return output


def soffice_command(
    soffice: str, isolation: tuple[str, ...], profile: Path, outdir: Path, source: Path
) -> list[str]:
    """The command line: isolation prefix, headless LibreOffice, its own profile."""
    return [
        *isolation,
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outdir),
        str(source),
    ]


def run_conversion(
    command: list[str], folder: Path, timeout: float, scratch: Path | None = None
) -> Path:
    """Run one conversion in ``folder``, in its own process group; return the .docx it wrote.

    ``scratch`` (default: ``folder``) becomes HOME and TMPDIR, so caches LibreOffice writes
    outside its profile stay where the caller can remove them.
    """
    scratch = scratch or folder
    scratch.mkdir(parents=True, exist_ok=True)
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(scratch),
        "TMPDIR": str(scratch),
        "LANG": "C.UTF-8",
        "SAL_USE_VCLPLUGIN": "svp",
    }
    with subprocess.Popen(
        command,
        cwd=folder,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so a time-out can kill all of it
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.communicate()
            _await_group_end(process.pid)
            raise UnreadableError("convert_failed", f"timed out after {timeout:g} s") from None
        _kill_group(process)  # nothing it started may outlive the conversion
        _await_group_end(process.pid)
    converted = folder / "input.docx"
    if process.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        said = output.decode("utf-8", "replace").strip()[-_DETAIL_CHARS:]
        raise UnreadableError(
            "convert_failed", f"LibreOffice exit status {process.returncode}: {said}"
        )
    return converted


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _await_group_end(group: int) -> None:
    """Wait (bounded) until the killed group's members are gone, before files are removed."""
    deadline = time.monotonic() + _REAP_SECONDS
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.02)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def network_isolation() -> tuple[str, ...] | None:
    """A command prefix that runs a program in a new, empty network namespace, or None."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    # As root "--net" suffices; otherwise "-rn" maps the user to root in a user namespace.
    for prefix in ((unshare, "--net"), (unshare, "-rn")):
        if _probe(prefix):
            return prefix
    return None


def _probe(prefix: tuple[str, ...]) -> bool:
    """The prefix works and, inside it, no interface but loopback exists."""
    try:
        result = subprocess.run(
            [*prefix, "cat", "/proc/net/dev"],
            capture_output=True,
            timeout=_PROBE_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    if result.returncode != 0:
        return False
    lines = result.stdout.decode("ascii", "replace").splitlines()[2:]
    interfaces = {line.split(":", 1)[0].strip() for line in lines if ":" in line}
    return interfaces <= {"lo"}
