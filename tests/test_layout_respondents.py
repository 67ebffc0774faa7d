"""Every fixture form's respondent, end to end: a whole run over each round in fixtures/layouts/,
fixtures/realforms/ and fixtures/blind/, and each response's name in answers.json compared with
expected.json ("the first metadata field's value, else the file name's stem": EXPECTED.md).

Where docxmerge does not find the field a reader takes for the first, the form is listed in
KNOWN_MISSES with why, and held to the name docxmerge gives instead (so a change either way is
seen).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from docxmerge.run import RunOptions, run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ROUNDS = sorted(
    path.parent
    for family in ("layouts", "realforms", "blind")
    for path in (FIXTURES / family).glob("*/expected.json")
)

_VISA = "the surname is a numbered question among others ('1. Surname'); no field is found"
# (round, file) -> (the name docxmerge gives, why it is not the expected one)
KNOWN_MISSES: dict[tuple[str, str], tuple[str, str]] = {
    ("visa-application", "Visa application GARCIA LOPEZ Maria Jose.docx"): (
        "Visa application GARCIA LOPEZ Maria Jose", _VISA),
    ("visa-application", "OKAFOR_Chinedu_Schengen_application.docx"): (
        "OKAFOR Chinedu Schengen application", _VISA),
    ("visa-application", "nguyen thi lan - visa form.docx"): ("nguyen thi lan - visa form", _VISA),
    ("visa-application", "Mukanov A. - Schengen visa application.docx"): (
        "Mukanov A. - Schengen visa application", _VISA),
}  # fmt: skip


def _expected(round_dir: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((round_dir / "expected.json").read_text("utf-8"))
    return data


@pytest.mark.parametrize("round_dir", ROUNDS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_form_names_its_respondent(round_dir: Path, tmp_path: Path) -> None:
    data = _expected(round_dir)
    template = round_dir / data.get("template", "template.docx")
    outcome = run(RunOptions(round_dir / "inbox", template, tmp_path, jobs=1))
    got = {r.file.name: r.respondent for r in outcome.result.responses}
    want = {}
    for name, form in data["forms"].items():
        known = KNOWN_MISSES.get((round_dir.name, name))
        want[name] = form["respondent"] if known is None else known[0]
    assert {name: got.get(name) for name in want} == want


def test_every_known_miss_is_a_fixture_form() -> None:
    forms = {(r.name, name) for r in ROUNDS for name in _expected(r)["forms"]}
    assert set(KNOWN_MISSES) <= forms
