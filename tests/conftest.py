"""Shared test setup: the fixture builder library on sys.path, and the paths tests use."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus" / "files"

sys.path.insert(0, str(FIXTURES))

import wordxml  # noqa: E402  (the fixture library, found through the line above)

from docxmerge.docx.package import Package  # noqa: E402
from docxmerge.docx.reader import read_package  # noqa: E402
from docxmerge.model import Document  # noqa: E402


def read_bytes(data: bytes) -> Document:
    """Read a package built in a test, as the reader reads an inbox file."""
    return read_package(Package.from_bytes(data, "test.docx"), "test.docx")


def read_body(body: str, **options: object) -> Document:
    """Read a document whose w:body holds ``body`` (fixtures/wordxml.make_docx options)."""
    return read_bytes(wordxml.make_docx(body, **options))  # type: ignore[arg-type]


def texts(doc: Document) -> list[str]:
    return [block.text for block in doc.blocks]


@pytest.fixture(autouse=True)
def english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs in one known locale: the environment's language is the last fallback
    of a run's language (i18n.pick_language), and no test may depend on the developer's."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"real-world corpus not found at {CORPUS}")
    return CORPUS


def table_part(rows: Sequence[Sequence[object]]) -> list[list[object]]:
    """A sheet's rows down to its first empty row: the table, without the legend below it."""
    kept = itertools.takewhile(lambda row: any(cell is not None for cell in row), rows)
    return [list(row) for row in kept]
