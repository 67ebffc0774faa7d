"""What the fixture-round build tests share: the contract's statuses, flags and kinds
(fixtures/EXPECTED.md), and reading a built .docx as plain XML and visible text.

Imports no docxmerge module, so that the build tests that use it run while the package is
broken or being moved (``pytest --noconftest tests/test_blind_build.py``).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STATUSES = {"answered", "placeholder", "empty", "missing"}
FLAGS = [  # the order expected.json lists them in
    "several_chosen",
    "declined",
    "placeholder_left",
    "outside_control",
    "data_binding",
    "edited_heading",
    "out_of_order",
]
KINDS = {"text", "choice", "date"}


def files_under(folder: Path) -> list[str]:
    """Every file below ``folder``, as sorted relative POSIX paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def load_expected(round_folder: Path) -> dict[str, Any]:
    """A round's expected.json."""
    data: dict[str, Any] = json.loads((round_folder / "expected.json").read_text("utf-8"))
    return data


def part(data: bytes, name: str) -> bytes:
    """One member of a package held in memory."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def main_part(data: bytes) -> bytes:
    """The main document part, wherever the package relationships put it."""
    rels = etree.fromstring(part(data, "_rels/.rels"))
    target = next(r.get("Target") for r in rels if r.get("Type").endswith("/officeDocument"))
    return part(data, target.lstrip("/"))


def visible_text(xml: bytes) -> str:
    """Every w:t (deleted text is w:delText, so left out), tab and break of a part; paragraphs
    on their own lines."""
    root = etree.fromstring(xml)
    out: list[str] = []
    for node in root.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}p"):
        if node.tag == f"{{{W}}}p":
            out.append("\n")
        elif node.tag == f"{{{W}}}t":
            out.append(node.text or "")
        else:
            out.append("\t" if node.tag.endswith("tab") else "\n")
    return "".join(out)
